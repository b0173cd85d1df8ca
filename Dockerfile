# Multi-stage: build with dev dependencies, run with production ones only, as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY detectors ./detectors
COPY fixtures ./fixtures
COPY bench ./bench
RUN npx tsc -p tsconfig.json && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# tini as PID 1 reaps the worker's sandboxed ingest children and forwards SIGTERM, so a stop is clean.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
COPY deploy/rigsweep.json ./deploy/rigsweep.json
COPY fixtures/captures/demo.pcap ./fixtures/captures/demo.pcap
RUN chmod +x dist/src/cli/main.js && ln -s /app/dist/src/cli/main.js /usr/local/bin/rigsweep
USER node
# `rigsweep worker --metrics 0.0.0.0:9464` and `collect --metrics` serve Prometheus metrics and
# /healthz here; the flow collector listens where `collect --listen udp://0.0.0.0:PORT` says, by
# convention NetFlow 2055, IPFIX 4739, sFlow 6343 (one socket tells the three apart).
EXPOSE 9464 2055/udp 4739/udp 6343/udp
# For the long-running services (worker, collect) started with --metrics 0.0.0.0:9464; a one-shot
# `scan` container can run with --no-healthcheck.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "rigsweep"]
CMD ["--help"]
