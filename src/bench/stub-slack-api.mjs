// The bench's stand-in for the Slack Web API, in a process of its own (as Slack is): says ok to
// every call and upload, counts response_url posts (GET /count), prints its port, and exits
// when its standard input closes. Conversation members and users are its own: channel
// C0BENCH5000 has 5,000 members (U0M00001 …) besides U0BENCH, every other channel only U0BENCH;
// conversations.members pages them as Slack does (cursor, limit); users.info describes each user
// with an e-mail of their own. `node stub-slack-api.mjs`
import http from 'node:http';

const LARGE_CHANNEL = 'C0BENCH5000';
const LARGE_MEMBERS = ['U0BENCH', ...Array.from({ length: 5000 }, (_, i) => `U0M${String(i + 1).padStart(5, '0')}`)];

let responses = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/count') {
    res.end(String(responses));
    return;
  }
  if (req.url?.startsWith('/response/')) responses++;
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const { port } = server.address();
    const args = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer(req.url ?? '', args, port)));
  });
});

function answer(url, args, port) {
  if (url.endsWith('/conversations.members')) {
    const all = args.channel === LARGE_CHANNEL ? LARGE_MEMBERS : ['U0BENCH'];
    const start = Number(args.cursor ?? 0);
    const end = start + Math.min(Number(args.limit ?? 100), 1000);
    return { ok: true, members: all.slice(start, end), response_metadata: { next_cursor: end < all.length ? String(end) : '' } };
  }
  if (url.endsWith('/users.info')) {
    const id = args.user ?? 'U0BENCH';
    const email = id === 'U0BENCH' ? 'admin@bench.test' : `${id.toLowerCase()}@bench.test`;
    return { ok: true, user: { id, is_bot: false, deleted: false, profile: { email } } };
  }
  return {
    ok: true,
    ts: '1.000001',
    channel: url.endsWith('/conversations.info')
      ? { id: args.channel, is_member: true, is_im: false }
      : url.endsWith('/conversations.open')
        ? { id: 'D0BENCH' }
        : 'C0BENCH',
    user: { id: 'U0BENCH', profile: { email: 'admin@bench.test' } },
    upload_url: `http://127.0.0.1:${port}/upload`,
    file_id: 'F1',
    files: [{ id: 'F1' }],
  };
}

server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
