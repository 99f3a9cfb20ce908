// serve: serves the built site (dist/) on 127.0.0.1 with sirv, the way any static host would.
//
//   npm start          builds first (npm run build), then serves
//   npm run preview    serves the existing dist/
//   PORT=8080 npm start
//
// It listens on PORT (default 4321); when that port is taken it takes a free one and says so.
// Directory URLs get their trailing slash (/zh/pitfalls → /zh/pitfalls/, as the site's links are
// written), .wasm is sent as application/wasm (streaming compile), precompressed copies (.br,
// .gz) are sent by Accept-Encoding, and unknown paths get the not-found page of their language
// (dist/en/404/ under /en/, dist/404.html elsewhere) with status 404. The tests import
// startServer to serve dist/ inside their own process.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import sirv from "sirv";

const HOST = "127.0.0.1";
const DEFAULT_PORT = 4321;

/**
 * startServer serves `root` on 127.0.0.1:`port` (0 = any free port; a taken port falls back to a
 * free one). Resolves to { url, port, close() } once listening. Runs in Node.
 */
export async function startServer({ root = "dist", port = DEFAULT_PORT } = {}) {
  const dir = resolve(root);
  if (!existsSync(join(dir, "index.html"))) {
    throw new Error(`serve: ${dir}/index.html not found; build the site first (npm run build), or use npm start`);
  }
  // Each language has its own not-found page (content/chapters/<lang>/404.md); the root one is
  // Starlight's, in the default language.
  const page404 = (file) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file)) : undefined);
  const notFoundRoot = page404("404.html") ?? Buffer.from("404 Not Found\n");
  const notFoundByLang = { zh: page404("zh/404/index.html"), en: page404("en/404/index.html") };
  const notFound = (path) => notFoundByLang[/^\/(zh|en)\//.exec(path)?.[1] ?? ""] ?? notFoundRoot;
  const assets = sirv(dir, {
    dev: false,
    etag: true,
    extensions: ["html"],
    // The build wrote foo.br and foo.gz beside each text and wasm file (astro-compressor, see
    // astro.config.mjs); sirv sends the smallest the request's Accept-Encoding allows, with Vary.
    brotli: true,
    gzip: true,
    setHeaders(res, pathname) {
      if (pathname.endsWith(".wasm")) res.setHeader("Content-Type", "application/wasm");
      // Hashed build assets never change; pages must be revalidated.
      res.setHeader("Cache-Control", pathname.startsWith("/_astro/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${HOST}`);
    const path = decodeURIComponent(url.pathname);
    if (!path.endsWith("/") && isDirectory(join(dir, path))) {
      res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
      res.end();
      return;
    }
    assets(req, res, () => {
      res.writeHead(404, { "Content-Type": "text/html; charset=utf-8" });
      res.end(notFound(path));
    });
  });
  const actualPort = await listen(server, port);
  return {
    url: `http://${HOST}:${actualPort}/`,
    port: actualPort,
    close: () => new Promise((done) => server.close(() => done(undefined))),
    server,
  };
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function listen(server, port) {
  return new Promise((done, fail) => {
    const onError = (error) => {
      if (error.code === "EADDRINUSE" && port !== 0) {
        console.log(`serve: port ${port} is in use; using a free port instead`);
        server.listen(0, HOST);
        return;
      }
      fail(error);
    };
    server.on("error", onError);
    server.once("listening", () => {
      server.off("error", onError);
      done(server.address().port);
    });
    server.listen(port, HOST);
  });
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--build");
  if (unknown.length > 0) {
    console.error(`serve: unknown argument ${unknown.join(" ")}; expected nothing or --build`);
    process.exit(2);
  }
  if (args.includes("--build")) {
    // Through npm, so the build runs on the Node that package.json pins, whatever `node` is here.
    const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
    if (build.status !== 0) {
      console.error(`serve: npm run build failed (exit ${build.status ?? build.signal}); not serving`);
      process.exit(1);
    }
  }
  const requested = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
    console.error(`serve: PORT=${process.env.PORT} is not a port number (0–65535)`);
    process.exit(2);
  }
  const { url, close } = await startServer({ port: requested });
  console.log(`\nSyncLab is served at ${url}  (Chinese: ${url}zh/  English: ${url}en/)\nPress Ctrl+C to stop.`);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => close().then(() => process.exit(0)));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
