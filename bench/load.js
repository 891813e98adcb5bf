#!/usr/bin/env node
// One autocannon load, in its own process so the load generator never shares an event loop with
// the server it measures. Takes one JSON argument and prints one JSON line with the figures:
//
//   node bench/load.js '{"url":"http://127.0.0.1:3000/x","connections":50,"duration":10,
//                        "method":"POST","headers":{...},"body":"..."}'
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2] ?? '{}');
if (!spec.url) {
  console.error('load: give a JSON spec with at least "url"');
  process.exit(2);
}

const result = await autocannon({
  url: spec.url,
  connections: spec.connections ?? 50,
  duration: spec.duration ?? 10,
  method: spec.method ?? 'GET',
  headers: spec.headers ?? {},
  body: spec.body,
  timeout: spec.timeout ?? 10,
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
    // CPU the load generator itself used (ms), for run.js's check on what else ran meanwhile.
    loaderCpuMs: (() => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    })(),
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count])),
  }),
);
