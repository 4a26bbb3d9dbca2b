# evssl-bot: build stage compiles TypeScript and packs the package; the runtime stage installs the
# packed tarball's production dependencies only and runs as the unprivileged `node` user under tini.
# test/ops/dockerfile.test.ts runs these steps (not apt-get) as a script in a temporary folder.

FROM node:24-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches the platform.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
COPY bin ./bin
COPY README.md ./
RUN npm run build
RUN npm pack --silent && mv evssl-bot-*.tgz evssl-bot.tgz

FROM node:24-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends tini python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/evssl-bot.tgz /tmp/evssl-bot.tgz
RUN tar -xzf /tmp/evssl-bot.tgz --strip-components=1 -C /app && rm /tmp/evssl-bot.tgz
COPY --from=build /app/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
RUN apt-get purge -y python3 make g++ && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /app/data
RUN chown node:node /app/data
ENV NODE_ENV=production \
    DATA_DIR=/app/data \
    PORT=3000 \
    OPS_PORT=9090
USER node
EXPOSE 3000 9090
VOLUME ["/app/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 CMD ["node", "bin/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
