package io.chatnode.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code chatnode} launcher rebuilds the jar only when what goes into it changed: not when
 * {@code passwd alice >> conf/users} writes the users file. Run on a copy of the launcher in a
 * scratch tree, with stand-ins for {@code mvn} (records a build, prints Maven 3.8's colour resets)
 * and {@code java}.
 */
class LauncherTest {

  private static final Instant BUILT = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path tree;
  private Path builds;

  @BeforeEach
  void scratchTree() throws IOException {
    Files.copy(Path.of("chatnode"), tree.resolve("chatnode"));
    Files.createDirectories(tree.resolve("src/main/java"));
    Files.createDirectories(tree.resolve("conf"));
    Files.createDirectories(tree.resolve("target"));
    Files.createDirectories(tree.resolve("bin"));
    builds = tree.resolve("builds");
    for (String file : List.of("pom.xml", "src/main/java/A.java", "conf/config.json", "conf/hazelcast.xml",
        "conf/logback.xml", "conf/users", "target/chatnode.jar")) {
      Files.writeString(tree.resolve(file), "");
    }
    script("bin/mvn", "echo built >> '" + builds + "'; printf '\\033[0m\\033[0m'; printf '\\033[0m' >&2");
    script("bin/java", "echo ran");
    for (String file : List.of("pom.xml", "src/main/java/A.java", "src/main/java", "src/main", "conf/config.json",
        "conf/hazelcast.xml", "conf/logback.xml", "conf/users")) {
      age(file, BUILT.minusSeconds(60));
    }
    age("target/chatnode.jar", BUILT);
  }

  private void script(String name, String body) throws IOException {
    Path file = tree.resolve(name);
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void age(String file, Instant time) throws IOException {
    Files.setLastModifiedTime(tree.resolve(file), FileTime.from(time));
  }

  /** Runs {@code ./chatnode --version}; returns its standard error. */
  private String launch() throws IOException, InterruptedException {
    Path err = tree.resolve("stderr");
    ProcessBuilder pb = new ProcessBuilder(tree.resolve("chatnode").toString(), "--version")
        .redirectInput(new File("/dev/null")).redirectOutput(tree.resolve("stdout").toFile()).redirectError(err.toFile());
    pb.environment().put("PATH", tree.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
    Process process = pb.start();
    assertEquals(0, process.waitFor(), Files.readString(err));
    assertEquals("ran\n", Files.readString(tree.resolve("stdout")));
    return Files.readString(err);
  }

  private int buildCount() throws IOException {
    return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
  }

  @Test
  void aChangedUsersFileIsNoReasonToBuild() throws Exception {
    launch();
    assertEquals(0, buildCount(), "the jar is newer than its inputs");
    age("conf/users", BUILT.plusSeconds(60));
    launch();
    assertEquals(0, buildCount(), "conf/users is read by the node, not packaged");
  }

  @Test
  void aChangedSourceOrPackagedConfFileBuildsWithoutColourCodes() throws Exception {
    int expected = 0;
    for (String input : List.of("src/main/java/A.java", "conf/config.json", "conf/hazelcast.xml", "conf/logback.xml",
        "pom.xml")) {
      age(input, BUILT.plusSeconds(60));
      String err = launch();
      assertEquals(++expected, buildCount(), input + " goes into the jar");
      assertTrue(err.startsWith("chatnode: building "), err);
      assertFalse(err.contains("\u001b"), "no colour codes: " + err);
      age(input, BUILT.minusSeconds(60));
    }
  }

  /** The launcher's list of packaged conf/ files is the pom's. */
  @Test
  void theLauncherWatchesEveryConfFileThePomPackages() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    String launcher = Files.readString(Path.of("chatnode"));
    Matcher resources = Pattern.compile("<directory>conf</directory>.*?</resource>", Pattern.DOTALL).matcher(pom);
    int packaged = 0;
    while (resources.find()) {
      Matcher include = Pattern.compile("<include>([^<]+)</include>").matcher(resources.group());
      while (include.find()) {
        packaged++;
        assertTrue(launcher.contains(" conf/" + include.group(1)), "the launcher watches conf/" + include.group(1));
      }
    }
    assertEquals(3, packaged);
  }
}
