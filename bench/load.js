#!/usr/bin/env node
// One autocannon load, in its own process so the load generator never shares an event loop with
// the server it measures. Takes one JSON argument and prints one JSON line with the figures:
//
//   node bench/load.js '{"url":"http://127.0.0.1:3000/x","connections":50,"duration":10,
//                        "method":"POST","headers":{...},"body":"...",
//                        "paths":{"file":"/tmp/paths.txt","from":0}}'
//
// With "paths", every request goes to the next path of the file (one a line), from line "from" on,
// so each can carry a token of its own; "pathsUsed" in the figures says how many were taken.
import fs from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2] ?? '{}');
if (!spec.url) {
  console.error('load: give a JSON spec with at least "url"');
  process.exit(2);
}

let pathsUsed = 0;
let requests;
if (spec.paths) {
  const paths = fs.readFileSync(spec.paths.file, 'utf8').split('\n').filter(Boolean);
  let position = spec.paths.from ?? 0;
  // Past the end it wraps round: those requests reuse a token and fail, which the figures show.
  const nextPath = () => {
    pathsUsed++;
    return paths[position++ % paths.length];
  };
  requests = [{ setupRequest: (request) => ({ ...request, path: nextPath() }) }];
}

const result = await autocannon({
  url: spec.url,
  connections: spec.connections ?? 50,
  duration: spec.duration ?? 10,
  method: spec.method ?? 'GET',
  headers: spec.headers ?? {},
  body: spec.body,
  timeout: spec.timeout ?? 10,
  requests,
});

const latency = result.latency;
console.log(
  JSON.stringify({
    url: spec.url,
    method: spec.method ?? 'GET',
    connections: result.connections,
    duration: result.duration,
    requestsPerSecond: result.requests.average,
    requestsTotal: result.requests.total,
    requestsSent: result.requests.sent,
    latency: {
      average: latency.average,
      p50: latency.p50,
      p90: latency.p90,
      p99: latency.p99,
      p999: latency.p99_9,
      max: latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    resets: result.resets,
    pathsUsed,
    // CPU the load generator itself used (ms), for run.js's check on what else ran meanwhile.
    loaderCpuMs: (() => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    })(),
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count])),
  }),
);
