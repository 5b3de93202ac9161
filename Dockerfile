# syntax=docker/dockerfile:1
# WildDns: build with the .NET 10 SDK, run on the ASP.NET Core 10 runtime (the control plane is Kestrel) as a non-root user.
#   docker build -t wilddns .
#   docker run -p 53:5353/udp -p 53:5353/tcp -v wilddns-data:/var/lib/wilddns wilddns
#   docker run ... wilddns --tsig-key acme-key:hmac-sha256:<base64>     # switches after the image name add to the defaults
# deploy/check-image.sh runs the same publish command, environment and entry point without Docker.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# .dockerignore keeps data/ (a control token), bin/, obj/ and .git out of this copy.
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
EXPOSE 5353/udp 5353/tcp 5380 5381
# The defaults are settings, not switches, so that switches given after the image name add to them instead of replacing
# them: DNS stays on every IPv4 address of the container (0.0.0.0) unless the switches name listen addresses
# (--listen 10.0.0.5 replaces it, as a switch outranks an environment variable). The other verbs (health, challenge)
# read the same variables, so they find the ports and the data directory's token. Metrics and health (plain HTTP/1.1)
# listen on every address of the container, for Prometheus and Kubernetes probes.
ENV WildDns__Dns__Listen__0=0.0.0.0 \
    WildDns__Dns__Port=5353 \
    WildDns__Zones__Directory=/etc/wilddns/zones \
    WildDns__DataDirectory=/var/lib/wilddns \
    WildDns__Operations__Listen=0.0.0.0
# The control plane stays on the container's loopback unless WildDns__Control__Listen is set, which needs a token file
# (WildDns__Control__TokenFile) and TLS (WildDns__Control__Certificate, __CertificateKey), see docs/configuration.md;
# the health check runs inside the container and reads the operations port from the same settings as the server.
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["dotnet", "/app/wilddns.dll", "health"]
ENTRYPOINT ["dotnet", "/app/wilddns.dll", "serve"]
