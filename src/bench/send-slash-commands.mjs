// The bench's load generator, a separate process so its work does not run on the app's event loop:
// `node send-slash-commands.mjs <port> <count> <text> <signing secret> <response base url>`.
// Opens <count> keep-alive connections with a first burst, then sends <count> signed slash
// commands at once and prints the round-trip times' p50/p99 as JSON.
import crypto from 'node:crypto';
import http from 'node:http';
const [port, count, text, SECRET, responseBase] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4], process.argv[5], process.argv[6]];
const agent = new http.Agent({ keepAlive: true, maxSockets: count });
const prepare = (i) => {
  const body = new URLSearchParams({ team_id: 'T0BENCH', user_id: 'U0BENCH', channel_id: 'C0BENCH', team_domain: 'bench', channel_name: 'bench', user_name: 'bench', api_app_id: 'A0BENCH', command: '/miniapp-stats', text, response_url: `${responseBase}${i}`, trigger_id: `t${i}` }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': `v0=${crypto.createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`, 'x-slack-request-timestamp': timestamp } };
};
const send = ({ body, headers }) => new Promise((resolve, reject) => {
  const started = performance.now();
  const req = http.request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent, headers }, (res) => { res.resume(); res.on('end', () => resolve(performance.now() - started)); });
  req.on('error', reject); req.end(body);
});
await Promise.all(Array.from({ length: count }, (_, i) => send(prepare(-i - 1))));
await new Promise((r) => setTimeout(r, 3000));
const prepared = Array.from({ length: count }, (_, i) => prepare(i));
const times = await Promise.all(prepared.map(send));
times.sort((a, b) => a - b);
console.log(JSON.stringify({ p50: times[Math.floor(count / 2)], p99: times[Math.ceil(count * 0.99) - 1] }));
agent.destroy();
