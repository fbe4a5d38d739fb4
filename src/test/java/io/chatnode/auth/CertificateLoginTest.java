package io.chatnode.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateLoginTest {

  @Test
  void takesTheCommonNameOfTheSubject() {
    assertEquals("alice", CertificateLogin.commonName("CN=alice,OU=chat,O=example"));
    assertEquals("bob", CertificateLogin.commonName("O=example,CN=bob"));
    assertEquals("a,b", CertificateLogin.commonName("CN=a\\,b"));
    assertNull(CertificateLogin.commonName("O=example"));
    assertNull(CertificateLogin.commonName("not a name ="));
  }

  @Test
  void noCertificateNamesNoUser() {
    assertNull(CertificateLogin.userFor(List.of(), UserFile.parse(List.of(), "users")));
  }
}
