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
# The throughput collector: a load needed about 15 % less CPU per record with it than with G1, the default on two
# or more cores, and its throughput varied far less from load to load (docs/benchmarks.md, session 9).
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-jar", "/app/profi-d365-migrator.jar"]
