# The saga executable for docker-compose.yml: saga serve (host, API, designer) and saga worker use this image.
# One build: dotnet publish builds the designer too (designer/build, with Debian's npm installed here) and carries
# it into the published folder, where saga serve finds it.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update -q && apt-get install -y -q --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Host -c Release -o /app --nologo \
 && test -f /app/designer/index.html

FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=build /app /app
WORKDIR /var/lib/saga
ENTRYPOINT ["/app/saga"]
CMD ["serve", "--urls", "http://0.0.0.0:5080"]
