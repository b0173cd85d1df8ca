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
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
COPY fixtures/captures/demo.pcap ./fixtures/captures/demo.pcap
RUN chmod +x dist/src/cli/main.js && ln -s /app/dist/src/cli/main.js /usr/local/bin/rigsweep
USER node
# `rigsweep worker --metrics 0.0.0.0:9464` and `collect --metrics` serve Prometheus metrics here.
EXPOSE 9464
ENTRYPOINT ["rigsweep"]
CMD ["--help"]
