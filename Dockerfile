# docker-net-exporter as a container image. The exporter is compiled with native AOT into one
# executable, so the runtime image needs no .NET runtime, only its native dependencies
# (runtime-deps). AOT also halves its resident memory against the JIT (docs/benchmarks.md); the
# SDK's -aot image carries the C toolchain that AOT links with.
#   docker build -t docker-net-exporter .
# Run it as the README says (--pid=host, host /sys at /host/sys, the Docker socket, SYS_PTRACE).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble-aot
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0

FROM ${SDK_IMAGE} AS build
ARG RID=linux-x64
# dockernet_build_info's revision: .git is not copied in (.dockerignore), so give the commit as
# --build-arg SOURCE_REVISION=$(git rev-parse HEAD); without it the revision is "unknown".
ARG SOURCE_REVISION=
WORKDIR /src
COPY . .
RUN dotnet publish src/DockerNetExporter -c Release -r "${RID}" -p:PublishAot=true ${SOURCE_REVISION:+-p:SourceRevisionId=$SOURCE_REVISION} -o /out

FROM ${RUNTIME_IMAGE}
COPY --from=build /out/DockerNetExporter /usr/local/bin/docker-net-exporter
# The host's sysfs is mounted at /host/sys; with --pid=host the container's own /proc is the host's.
# Set the listen address here too (DOCKERNET_WEB_LISTEN_ADDRESS), not as an argument, so that the
# health check, a separate process, finds the same port.
ENV DOCKERNET_PATH_SYSFS=/host/sys \
    DOCKERNET_PATH_PROCFS=/proc \
    DOCKERNET_WEB_LISTEN_ADDRESS=:10077
# Root inside the container, by necessity: reading other processes' /proc/PID/root takes
# CAP_SYS_PTRACE, which docker run --cap-add grants to root only, and the Docker socket is root's.
USER 0:0
EXPOSE 10077
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s CMD ["/usr/local/bin/docker-net-exporter", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/docker-net-exporter"]
