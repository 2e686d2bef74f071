// The Node reference for bench/compare.py: Node's http module answering GET / with the same
// hello.html, and GET /sleep?ms=N after a timer (never blocking), on one thread.
'use strict';
const http = require('http');
const fs = require('fs');

const [page, portArgument] = process.argv.slice(2);
const hello = fs.readFileSync(page);
const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const answer = () => {
        response.writeHead(200, {'Content-Type': 'text/html; charset=utf-8',
                                 'Content-Length': hello.length});
        response.end(hello);
    };
    if (url.pathname === '/') {
        answer();
    } else if (url.pathname === '/sleep') {
        setTimeout(answer, Math.min(Number(url.searchParams.get('ms')) || 0, 60000));
    } else {
        response.writeHead(404, {'Content-Length': 0});
        response.end();
    }
});
server.keepAliveTimeout = 5000;
// The kernel's somaxconn, as the servers it is compared with.
server.listen({host: '127.0.0.1', port: Number(portArgument), backlog: 4096}, () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}/`);
});
