package io.chatnode.auth;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * {@code auth.certificateLogin}: a verified client certificate whose subject CN names a user of
 * the users file stands in for that user's password. Pure: the TLS layer has verified the chain.
 */
public final class CertificateLogin {

  private CertificateLogin() {}

  /** The user the peer's certificate names, as written in the users file; null if none. */
  public static String userFor(List<Certificate> peerChain, UserFile users) {
    if (peerChain.isEmpty() || !(peerChain.get(0) instanceof X509Certificate cert)) {
      return null;
    }
    String cn = commonName(cert.getSubjectX500Principal().getName());
    UserFile.Entry entry = cn == null ? null : users.find(cn);
    return entry == null ? null : entry.name();
  }

  /** The CN of an RFC 2253 subject, or null. */
  public static String commonName(String subject) {
    try {
      for (Rdn rdn : new LdapName(subject).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      return null;
    }
    return null;
  }
}
