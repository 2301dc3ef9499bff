# Multi-stage build: compile a static binary, ship it on a small base that
# runs as a non-root user. The embedded database is for local runs; here
# DATABASE_URL must point at a PostgreSQL server.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/timeline ./cmd/timeline

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/timeline /usr/local/bin/timeline
ENV TIMELINE_ADDR=:8080
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/timeline"]
CMD ["serve"]
