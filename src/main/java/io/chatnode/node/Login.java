package io.chatnode.node;

import io.chatnode.auth.CertificateLogin;
import io.chatnode.auth.PasswordHash;
import io.chatnode.auth.UserFile;
import io.chatnode.config.AuthSettings;
import io.chatnode.protocol.Command;
import io.chatnode.protocol.CommandWord;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Replies;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's login, with {@code auth.enabled}: by client certificate when it opens
 * ({@code auth.certificateLogin}), or by {@code auth <user> <password>}; and the guard that holds
 * every other command until then. The identity it establishes lives in the {@link ChatSession}.
 */
final class Login {

  private static final Logger log = LoggerFactory.getLogger(Login.class);

  /** What a connection that must log in first may still do. */
  private static final List<CommandWord> WITHOUT_LOGIN =
      List.of(CommandWord.HELP, CommandWord.PING, CommandWord.QUIT, CommandWord.AUTH);

  /** The reply to {@code auth} on a node that asks for no login. */
  static final String NOT_ENABLED = Replies.err(ErrorCode.BAD_ARGS, "authentication is not enabled on this node");

  private final Connection connection;
  private final ChatSession session;
  private final LoopContext loop;
  private final AuthSettings settings;
  private int failures;

  Login(Connection connection, ChatSession session, LoopContext loop) {
    this.connection = connection;
    this.session = session;
    this.loop = loop;
    this.settings = loop.auth();
  }

  /** With {@code auth.enabled}, everything but help, ping, quit and auth waits for a login. */
  boolean mustWait(CommandWord word) {
    return !session.authenticated() && !WITHOUT_LOGIN.contains(word);
  }

  boolean authenticated() {
    return session.authenticated();
  }

  /** The reply to a request that came before the login it needs. */
  static String required() {
    return Replies.err(ErrorCode.AUTH_REQUIRED, "log in first: auth <user> <password>");
  }

  /**
   * With {@code auth.certificateLogin}: the user named by the verified client certificate's
   * subject CN, if the users file has it; else null.
   */
  String certificateUser(Transport transport) {
    if (!settings.certificateLogin()) {
      return null;
    }
    List<Certificate> peerChain = transport.peerCertificates();
    if (peerChain.isEmpty()) {
      return null; // no certificate (tls.clientAuth request): log in with a password
    }
    String user = CertificateLogin.userFor(peerChain, loop.credentials().users().get());
    if (user == null) {
      log.info("conn={} remote={} client certificate names no user", connection.id(), connection.remote());
    } else {
      log.info("conn={} remote={} logged in user={} by client certificate", connection.id(), connection.remote(), user);
    }
    return user;
  }

  /**
   * The reply to an {@code auth} line whose arguments were refused: said only if an {@code auth}
   * could have been taken at all.
   */
  String refused(String refusal) {
    String notNow = notNow();
    return notNow != null ? notNow : refusal;
  }

  private String notNow() {
    if (!settings.enabled()) {
      return NOT_ENABLED;
    }
    if (session.user() != null) {
      return Replies.err(ErrorCode.BAD_ARGS, "already logged in as " + session.user());
    }
    return null;
  }

  /**
   * {@code auth <user> <password>}: checks the password off the event loop (PBKDF2 is slow on
   * purpose), then takes the user's name as nickname and puts the connection in the lobby. A
   * failure is answered only after {@code auth.failureDelayMs}, and the connection's next requests
   * wait behind it; the last allowed failure closes the connection. The password is never logged.
   */
  Future<String> auth(Command.Auth command) {
    String notNow = notNow();
    if (notNow != null) {
      return Future.succeededFuture(notNow);
    }
    if (!loop.status().majority()) {
      return Future.succeededFuture(session.minority()); // a login claims the user's name as nickname
    }
    String address = connection.remoteHost();
    Credentials credentials = loop.credentials();
    if (credentials.failures().blocked(address, System.nanoTime())) {
      return failed("too many failed logins from your address; try again later");
    }
    char[] password = command.password().toCharArray();
    UserFile users = credentials.users().get();
    return credentials.passwordChecks().executeBlocking(() -> {
      try {
        return Optional.ofNullable(users.verify(command.user(), password));
      } finally {
        PasswordHash.wipe(password);
      }
    }, false).compose(entry -> {
      if (entry.isEmpty()) {
        credentials.failures().failed(address, System.nanoTime());
        log.info("conn={} remote={} login failed", connection.id(), connection.remote());
        return failed("wrong user name or password");
      }
      String name = entry.get().name();
      log.info("conn={} remote={} logged in user={}", connection.id(), connection.remote(), name);
      return session.loggedIn(name).map(Replies::ok);
    });
  }

  private Future<String> failed(String message) {
    failures++;
    boolean last = failures >= settings.maxFailures();
    String reply = Replies.err(ErrorCode.AUTH_FAILED, message + (last ? "; closing" : ""));
    Promise<String> delayed = Promise.promise();
    Runnable answer = () -> {
      delayed.complete(reply);
      if (last) {
        connection.kickSoon("auth_failed");
      }
    };
    if (settings.failureDelayMs() == 0) {
      answer.run();
    } else {
      loop.vertx().setTimer(settings.failureDelayMs(), id -> answer.run());
    }
    return delayed.future();
  }
}
