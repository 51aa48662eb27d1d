// The bench's stand-in for the Slack Web API, in a process of its own (as Slack is): says ok to
// every call and upload, counts response_url posts (GET /count), prints its port, and exits
// when its standard input closes. `node stub-slack-api.mjs`
import http from 'node:http';

let responses = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/count') {
    res.end(String(responses));
    return;
  }
  if (req.url?.startsWith('/response/')) responses++;
  req.resume();
  req.on('end', () => {
    const { port } = server.address();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        ok: true,
        ts: '1.000001',
        channel: 'C0BENCH',
        user: { id: 'U0BENCH', profile: { email: 'admin@bench.test' } },
        upload_url: `http://127.0.0.1:${port}/upload`,
        file_id: 'F1',
        files: [{ id: 'F1' }],
      }),
    );
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
