# syntax=docker/dockerfile:1
# The portal's image: dependencies from the lock file, a production build, then a runtime stage
# that keeps only what `npm start` and `npm run db:deploy` need and runs as the unprivileged
# `node` user. Build: `docker build -t callflow-portal .`

FROM node:20.20-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# `npm ci` runs `prisma generate`, which reads the schema and the Prisma config.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma prisma/schema.prisma
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npx next build && npm prune --omit=dev --no-audit --no-fund

FROM node:20.20-bookworm-slim AS runtime
# espeak-ng lets customers create greetings from typed text; the portal works without it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 NPM_CONFIG_UPDATE_NOTIFIER=false
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same launch line as everywhere else: package.json's `start`. npm passes SIGTERM from
# `docker stop` on to the server, which finishes in-flight requests and writes its last
# metering counts (docs/deploy.md).
CMD ["npm", "start"]
