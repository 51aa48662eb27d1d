// The bench's load generator, a separate process so its work does not run on the app's event loop:
// `node send-slash-commands.mjs <port> <count> <text> <signing secret> <response base url> <bursts> [<count url>]`.
// Opens <count> keep-alive connections with a first burst, then sends <bursts> times <count>
// signed slash commands at once, each burst once the app has answered the one before (the stub
// Slack API's <count url> says how many answers it has had). Prints, as JSON, per burst, each
// request's round trip (ms) and the moment it was handed to the socket (`sentAt`, epoch ms from
// performance.timeOrigin: the same clock as the server's); requests carry their number in
// `x-bench-request`.
import crypto from 'node:crypto';
import http from 'node:http';

const [port, count, text, SECRET, responseBase, bursts, countUrl] = [
  Number(process.argv[2]),
  Number(process.argv[3]),
  process.argv[4],
  process.argv[5],
  process.argv[6],
  Number(process.argv[7] ?? 1),
  process.argv[8],
];
const agent = new http.Agent({ keepAlive: true, maxSockets: count });
const now = () => performance.timeOrigin + performance.now();
const prepare = (i, commandText = text) => {
  const body = new URLSearchParams({
    team_id: 'T0BENCH',
    // One person per command of a burst, as when many people ask at once (one person's fourth would wait).
    user_id: `U0BENCH${((i % count) + count) % count}`,
    channel_id: 'C0BENCH',
    team_domain: 'bench',
    channel_name: 'bench',
    user_name: 'bench',
    api_app_id: 'A0BENCH',
    command: '/miniapp-stats',
    text: commandText,
    response_url: `${responseBase}${i}`,
    trigger_id: `t${i}`,
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    i,
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-bench-request': String(i),
      'x-slack-signature': `v0=${crypto.createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`,
      'x-slack-request-timestamp': timestamp,
    },
  };
};
const send = ({ i, body, headers }) =>
  new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ i, sentAt, roundTrip: now() - sentAt }));
    });
    req.on('error', reject);
    let sentAt = now();
    // When the request has been handed to the socket (the agent writes it after this loop's turn).
    req.on('finish', () => (sentAt = now()));
    req.end(body);
  });
// The first burst opens the connections with `help`, which needs no query and no chart, so that
// the measured burst finds the app idle.
await Promise.all(Array.from({ length: count }, (_, i) => send(prepare(-i - 1, 'help'))));
const answers = async () => (countUrl ? Number(await (await fetch(countUrl)).text()) : Infinity);
const idle = async (expected) => {
  for (let waited = 0; (await answers()) < expected && waited < 300_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
};
const results = [];
for (let burst = 0; burst < bursts; burst++) {
  await idle(count * (burst + 1));
  const prepared = Array.from({ length: count }, (_, i) => prepare(burst * count + i));
  results.push(await Promise.all(prepared.map(send)));
}
console.log(JSON.stringify(results));
agent.destroy();
