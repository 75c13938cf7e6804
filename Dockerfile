# The saga executable for docker-compose.yml: saga serve (host, API, designer) and saga worker use this image.
FROM node:20-bookworm AS designer
WORKDIR /src/designer
COPY designer/ ./
RUN ./build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Host -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=build /app /app
COPY --from=designer /src/designer/dist /app/designer
ENV Saga__Designer__Root=/app/designer
WORKDIR /var/lib/saga
ENTRYPOINT ["/app/saga"]
CMD ["serve", "--urls", "http://0.0.0.0:5080"]
