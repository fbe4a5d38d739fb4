# chatnode image: docker build -t REGISTRY/chatnode:0.1.0 .
#
# Stage 1 builds target/chatnode.jar with the same Maven build the tests run against
# (mvn verify runs the *IT tests on exactly this jar); stage 2 is a slim JRE with the jar and
# conf/ only, run as a non-root user.

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY conf conf
COPY src src
RUN mvn -q -B package -DskipTests

FROM eclipse-temurin:17.0.16_8-jre-jammy
# The same numeric user as the Kubernetes securityContext (runAsUser 10001).
RUN groupadd --system --gid 10001 chatnode \
 && useradd --system --uid 10001 --gid chatnode --no-create-home --shell /usr/sbin/nologin chatnode
WORKDIR /app
COPY --from=build /src/target/chatnode.jar /app/chatnode.jar
# Defaults are carried in the jar; conf/ is there for reference and for --conf / logback overrides.
COPY conf /app/conf
USER 10001:10001

# 6254  chat line protocol (key port)
# 6255  chat over TLS (key tls.port, when TLS is enabled)
# 8080  HTTP: /health/live, /health/ready, /metrics (key http.port)
# 5701  Hazelcast cluster membership (key cluster.port)
# 5702  Vert.x clustered event bus (key cluster.eventBusPort; 0 in conf/config.json, 5702 in k8s/)
EXPOSE 6254 6255 6280 8080 5701 5702

# The node's JVM sizing (docs/OPERATIONS.md, "JVM sizing"): ParallelGC with a fixed 48 MiB young
# generation, as ./chatnode node and bench/run.sh run it, and a heap sized from the container's
# memory limit (a quarter of it at start, at most three quarters). Set explicitly: in a container
# below 1792 MiB or 2 CPUs the JVM would otherwise pick SerialGC, whose young generation tracks the heap.
ENV JAVA_TOOL_OPTIONS="-XX:+UseParallelGC -Xmn48m -XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

# No curl in the image: bash's /dev/tcp asks /health/live for its status line.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${CHATNODE_HTTP_PORT:-8080} && printf 'GET /health/live HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# exec form: java is PID 1 and gets SIGTERM directly, which starts the graceful shutdown.
ENTRYPOINT ["java", "-jar", "/app/chatnode.jar", "node"]
