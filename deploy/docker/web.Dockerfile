# The gateway image of distributed mode: nginx with Feira's config template
# and the web app's production build (the SPA the template serves at /).
# Build context: the repository root.

FROM node:20-bookworm-slim AS build
WORKDIR /web
# Dependencies first, so a code change reuses the npm layer.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npx vite build

FROM nginx:1.27-bookworm AS runtime
COPY deploy/nginx/feira.conf.template /etc/nginx/templates/nginx.conf.template
COPY --from=build /web/dist /usr/share/nginx/html
# The image renders /etc/nginx/templates/*.template; ours is a whole nginx.conf.
ENV NGINX_ENVSUBST_OUTPUT_DIR=/etc/nginx \
    FEIRA_GATEWAY_PORT=8080 \
    FEIRA_GATEWAY_DIR=/tmp \
    FEIRA_WEB_ROOT=/usr/share/nginx/html
# Non-root: the config's pid, temp files and logs live under FEIRA_GATEWAY_DIR,
# and the entrypoint renders the template into /etc/nginx.
RUN chown -R 101:101 /etc/nginx /var/cache/nginx
USER 101
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["curl", "-fsS", "http://127.0.0.1:8080/health"]
