# Builds the executable jar and runs it; `docker compose up` uses it for the migrator and the simulators.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/profi-d365-migrator.jar /app/profi-d365-migrator.jar
COPY routes /app/routes
COPY application.properties /app/application.properties
# The throughput collector: with it the JVM needed 17 % less CPU per loaded record than with G1, the default on two
# or more cores, and varied less from load to load (docs/benchmarks.md, "The throughput collector").
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-jar", "/app/profi-d365-migrator.jar"]
