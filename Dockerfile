# syntax=docker/dockerfile:1
# WildDns: build with the .NET SDK, run on the ASP.NET Core runtime (the control plane is Kestrel) as a non-root user.
#   docker build -t wilddns .
#   docker run -p 53:5353/udp -p 53:5353/tcp -v wilddns-data:/var/lib/wilddns wilddns
# deploy/check-image.sh runs the same publish command and entry point without Docker.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/WildDns -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The shipped zones are the default; mount a directory over /etc/wilddns/zones to serve your own.
COPY zones/ /etc/wilddns/zones/
# The image's own unprivileged user (uid 1654); it owns the data directory. Port 5353 needs no capability: map 53 to it.
RUN mkdir -p /var/lib/wilddns && chown app:app /var/lib/wilddns
USER app
VOLUME ["/etc/wilddns/zones", "/var/lib/wilddns"]
# Metrics and health (plain HTTP/1.1) on every address of the container, for Prometheus and Kubernetes probes.
ENV WildDns__Operations__Listen=0.0.0.0
EXPOSE 5353/udp 5353/tcp 5380 5381
# The control plane stays on the container's loopback unless WildDns__Control__Listen and WildDns__Control__Token are set.
# The health check reads the operations port from the same settings as the server (WildDns__Operations__Port).
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["dotnet", "/app/wilddns.dll", "health"]
ENTRYPOINT ["dotnet", "/app/wilddns.dll", "serve", "--zones", "/etc/wilddns/zones", "--data", "/var/lib/wilddns", "--dns-port", "5353"]
CMD ["--listen", "0.0.0.0"]
