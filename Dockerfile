# syntax=docker/dockerfile:1
# Keycap: multi-stage image. deps (build tools for better-sqlite3) -> build (next build + the lean server)
# -> runtime (slim, production dependencies only, non-root). `npm start` migrates, then serves on $PORT.
#
#   docker build -t keycap .                                   # SQLite (one machine, data in the volume)
#   docker build --build-arg DB_PROVIDER=postgresql -t keycap .  # PostgreSQL (the Prisma client is per provider)
#   docker run -p 3000:3000 -v keycap-data:/app/data -e AUTH_SECRET=… keycap
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# better-sqlite3 compiles from source with node-gyp.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ARG DB_PROVIDER=sqlite
ENV DB_PROVIDER=${DB_PROVIDER}
# postinstall generates the Prisma schemas and client: it needs prisma/ and its scripts.
COPY package.json package-lock.json ./
COPY prisma/schema.base.prisma prisma/schema.base.prisma
COPY scripts/gen-schemas.mjs scripts/generate.mjs scripts/
# `npm install`, not `npm ci`: the lockfile written on the project's machines lacks other platforms'
# optional packages, which `npm ci` refuses (see the project's stack notes).
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .next/cache tmp data test-results

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ARG DB_PROVIDER=sqlite
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    DB_PROVIDER=${DB_PROVIDER} \
    KEYCAP_DATA_DIR=/app/data \
    PORT=3000 \
    HOST=0.0.0.0
# The app's files belong to root (read-only for the server); only the data and Next's cache are writable.
COPY --from=build /app /app
RUN mkdir -p /app/data /app/.next/cache \
 && chown -R node:node /app/data /app/.next/cache
VOLUME ["/app/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["npm", "start"]
