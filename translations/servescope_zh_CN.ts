<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccessLogController</name>
    <message>
        <source>Cannot open the access log &apos;%1&apos;: %2</source>
        <translation>无法打开访问日志“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot reopen the access log &apos;%1&apos;: %2</source>
        <translation>无法重新打开访问日志“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot write the access log &apos;%1&apos;: %2; no more requests will be logged.</source>
        <translation>无法写入访问日志“%1”：%2；之后的请求将不再记录。</translation>
    </message>
</context>
<context>
    <name>AccessLogDialog</name>
    <message>
        <source>Access Log</source>
        <translation>访问日志</translation>
    </message>
    <message>
        <source>&amp;Write an access log</source>
        <translation>写入访问日志(&amp;W)</translation>
    </message>
    <message>
        <source>A file; lines are appended</source>
        <translation>一个文件；新行追加在末尾</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Common Log Format (clf)</source>
        <translation>通用日志格式 (clf)</translation>
    </message>
    <message>
        <source>Combined: with referer and user agent (combined)</source>
        <translation>组合格式：含来源页和用户代理 (combined)</translation>
    </message>
    <message>
        <source>JSON, one object per line, with the phases (json)</source>
        <translation>JSON：每行一个对象，含各阶段 (json)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>格式(&amp;O)：</translation>
    </message>
    <message>
        <source>One line per answered request, as nginx and Apache write them. After logrotate moves the file, send ServeScope SIGHUP (postrotate kill -HUP) or choose File → Reopen Access Log: the next line lands in a new file.</source>
        <translation>每个已响应的请求写一行，与 nginx 和 Apache 的写法相同。logrotate 移走文件后，向 ServeScope 发送 SIGHUP（postrotate kill -HUP），或选择“文件 → 重新打开访问日志”：下一行会写入新文件。</translation>
    </message>
    <message>
        <source>This run writes to %1, as --access-log asked. What you choose here applies at once and is remembered for the next runs without that option.</source>
        <translation>本次运行按 --access-log 的要求写入 %1。你在这里的选择会立即生效，并在以后不带该选项的运行中保留。</translation>
    </message>
    <message>
        <source>Choose the file to write the log to.</source>
        <translation>请选择要写入日志的文件。</translation>
    </message>
    <message>
        <source>%1 is a folder; choose a file in it.</source>
        <translation>%1 是一个文件夹；请选择其中的一个文件。</translation>
    </message>
    <message>
        <source>Access Log File</source>
        <translation>访问日志文件</translation>
    </message>
    <message>
        <source>Log files (*.log);;All files (*)</source>
        <translation>日志文件 (*.log);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>AccessLogSetup</name>
    <message>
        <source>Cannot open the access log &apos;%1&apos;: %2</source>
        <translation>无法打开访问日志“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot write the access log &apos;%1&apos;: %2; no more requests will be logged.</source>
        <translation>无法写入访问日志“%1”：%2；之后的请求将不再记录。</translation>
    </message>
</context>
<context>
    <name>BurstPanel</name>
    <message>
        <source>How many requests to send</source>
        <translation>要发送的请求数</translation>
    </message>
    <message>
        <source>The page to request: / answers at once, /sleep waits, /compute works the CPU</source>
        <translation>要请求的页面：/ 立即响应，/sleep 会等待，/compute 会占用 CPU 计算</translation>
    </message>
    <message>
        <source>How many requests are in flight at once, each on its own connection</source>
        <translation>同时进行的请求数，每个请求使用各自的连接</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>?ms= for /sleep and /compute; &quot;default&quot; uses the server&apos;s setting</source>
        <translation>/sleep 和 /compute 的 ?ms= 参数；“默认”表示使用服务器的设置</translation>
    </message>
    <message>
        <source>&amp;Run Burst</source>
        <translation>运行突发测试(&amp;R)</translation>
    </message>
    <message>
        <source>Send the burst of requests to the running server</source>
        <translation>向正在运行的服务器发送这一批请求</translation>
    </message>
    <message>
        <source>Ca&amp;ncel Burst</source>
        <translation>取消突发测试(&amp;N)</translation>
    </message>
    <message>
        <source>Stop sending; requests in flight are abandoned</source>
        <translation>停止发送；正在进行的请求将被放弃</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run the burst (Ctrl+Enter)</source>
        <translation>运行突发测试 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the burst (Ctrl+Shift+Enter)</source>
        <translation>取消突发测试 (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <source>Send a burst to compare the modes: run it once per mode.</source>
        <translation>发送一批请求来比较各种模式：每种模式各运行一次。</translation>
    </message>
    <message>
        <source>Burst</source>
        <translation>突发测试</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>Re&amp;quests:</source>
        <translation>请求数(&amp;Q)：</translation>
    </message>
    <message>
        <source>/sleep %1 ms, blocking</source>
        <translation>/sleep %1 毫秒，阻塞</translation>
    </message>
    <message>
        <source>/sleep %1 ms</source>
        <translation>/sleep %1 毫秒</translation>
    </message>
    <message>
        <source>/compute %1 ms</source>
        <translation>/compute %1 毫秒</translation>
    </message>
    <message>
        <source>%1 × %2, %3 at once</source>
        <translation>%1 × %2，同时 %3 个</translation>
    </message>
    <message>
        <source>Sending %1 in %2 mode…</source>
        <translation>正在以%2模式发送 %1…</translation>
    </message>
    <message>
        <source>The burst could not run: %1</source>
        <translation>突发测试无法运行：%1</translation>
    </message>
    <message>
        <source>%1 in %2 mode: %3 wall time. Latency p50 %4, p99 %5, min %6, max %7. %8 answered, %9 failed.</source>
        <translation>%1，%2模式：总耗时 %3。延迟 p50 %4，p99 %5，最小 %6，最大 %7。%8 个已响应，%9 个失败。</translation>
    </message>
    <message>
        <source>Cancelled: not compared.</source>
        <translation>已取消：不参与比较。</translation>
    </message>
    <message>
        <source>The mode changed during the burst: not compared.</source>
        <translation>突发测试期间模式发生了变化：不参与比较。</translation>
    </message>
    <message>
        <source>p50 %1, p99 %2, max %3; %4 answered, %5 failed</source>
        <translation>p50 %1，p99 %2，最大 %3；%4 个已响应，%5 个失败</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>At on&amp;ce:</source>
        <translation>同时发送(&amp;C)：</translation>
    </message>
    <message>
        <source>(failed: %1)</source>
        <translation>（失败：%1）</translation>
    </message>
    <message>
        <source>&amp;Slow Requests</source>
        <translation>慢请求(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;CPU Work</source>
        <translation>CPU 计算(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Blocking Inside an Executor</source>
        <translation>在执行器中阻塞(&amp;B)</translation>
    </message>
    <message>
        <source>E&amp;xperiment:</source>
        <translation>实验(&amp;X)：</translation>
    </message>
    <message>
        <source>Bursts</source>
        <translation>突发测试</translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>What to compare across the modes</source>
        <translation>要在各模式之间比较什么</translation>
    </message>
    <message>
        <source>C&amp;ancel Experiment</source>
        <translation>取消实验(&amp;A)</translation>
    </message>
    <message>
        <source>Stop the experiment; the mode, pool size and blocking sleep come back</source>
        <translation>停止实验；模式、线程池大小和阻塞式休眠恢复原样</translation>
    </message>
    <message>
        <source>Run in All Modes</source>
        <translation>在所有模式下运行</translation>
    </message>
    <message>
        <source>Run the experiment in each mode it compares, one after the other; the mode, pool size and blocking sleep come back afterwards</source>
        <translation>依次在要比较的每种模式下运行实验；结束后模式、线程池大小和阻塞式休眠恢复原样</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>The experiment and the mode it ran in</source>
        <translation>实验及其运行的模式</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>总耗时</translation>
    </message>
    <message>
        <source>From the first request sent to the last response, at the client</source>
        <translation>在客户端测得：从发出第一个请求到收到最后一个响应</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>Median latency at the client</source>
        <translation>客户端测得的延迟中位数</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>99th percentile latency at the client</source>
        <translation>客户端测得的第 99 百分位延迟</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>最长等待</translation>
    </message>
    <message>
        <source>The longest a request waited in the server before a handler took it: unread in the kernel, for its turn or for a worker</source>
        <translation>请求在服务器中被处理程序接手之前等待的最长时间：在内核中未读取、等待轮到它或等待工作线程</translation>
    </message>
    <message>
        <source>%1 in %2 mode: %3</source>
        <translation>%1，%2 模式：%3</translation>
    </message>
    <message>
        <source>The experiment could not start: is the server listening?</source>
        <translation>实验无法开始：服务器在监听吗？</translation>
    </message>
    <message>
        <source>—</source>
        <comment>no value measured</comment>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 answered, %2 failed</source>
        <translation>%1 个已应答，%2 个失败</translation>
    </message>
    <message>
        <source>The server&apos;s events for these requests did not arrive</source>
        <translation>没有收到服务器关于这些请求的事件</translation>
    </message>
    <message>
        <source>Measured by the server for %1 of %2 requests</source>
        <translation>由服务器测得（%2 个请求中的 %1 个）</translation>
    </message>
</context>
<context>
    <name>BurstRunner</name>
    <message>
        <source>“%1” is not a valid address.</source>
        <translation>“%1”不是有效的地址。</translation>
    </message>
    <message>
        <source>Bursts use plain http:// addresses only.</source>
        <translation>突发测试只能使用普通的 http:// 地址。</translation>
    </message>
    <message>
        <source>Bursts go only to this computer (127.0.0.1, ::1 or localhost), not to %1.</source>
        <translation>突发测试只能发往本机（127.0.0.1、::1 或 localhost），不能发往 %1。</translation>
    </message>
    <message>
        <source>A burst is already running.</source>
        <translation>已有一个突发测试正在运行。</translation>
    </message>
    <message>
        <source>The number of requests must be between 1 and %1.</source>
        <translation>请求数必须在 1 到 %1 之间。</translation>
    </message>
    <message>
        <source>The concurrency must be between 1 and %1.</source>
        <translation>同时发送的请求数必须在 1 到 %1 之间。</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Run the server without a window (for scripts, CI and terminals).</source>
        <translation>不带窗口运行服务器（用于脚本、CI 和终端）。</translation>
    </message>
    <message>
        <source>Listen on &lt;address&gt; (default 127.0.0.1, this machine only; 0.0.0.0 or :: exposes the server to the network).</source>
        <translation>监听 &lt;address&gt;（默认 127.0.0.1，仅限本机；0.0.0.0 或 :: 会把服务器暴露到网络上）。</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Listen on &lt;port&gt; (default 7878; 0 picks a free port).</source>
        <translation>监听 &lt;port&gt;（默认 7878；0 表示自动选择一个空闲端口）。</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>How requests are handled: sequential (one connection at a time), concurrent (event-driven on one thread) or pooled (handlers on a thread pool). Default: pooled.</source>
        <translation>请求的处理方式：sequential（顺序，一次处理一个连接）、concurrent（并发，在一个线程上事件驱动）或 pooled（线程池，处理程序在线程池上运行）。默认：pooled。</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Thread pool size, 1 to %1 (default %2 on this machine).</source>
        <translation>线程池大小，1 到 %1（本机默认 %2）。</translation>
    </message>
    <message>
        <source>n</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>How long /sleep waits when the request gives no ?ms=, 0 to %1 milliseconds (default 5000).</source>
        <translation>请求未给出 ?ms= 时 /sleep 的等待时长，0 到 %1 毫秒（默认 5000）。</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Make /sleep block the thread that handles it: the classic mistake of blocking inside an executor, shown on purpose.</source>
        <translation>让 /sleep 阻塞处理它的线程：有意演示在执行器内部阻塞这一经典错误。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Language of the interface: zh_CN or en (default: the system&apos;s).</source>
        <translation>界面语言：zh_CN 或 en（默认：跟随系统）。</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>ServeScope runs a small HTTP/1.1 server (the web server of chapter 9 of Asynchronous Programming in Rust) and shows it serving: sequentially, concurrently on one thread, or on a thread pool.</source>
        <translation>ServeScope 运行一个小型 HTTP/1.1 服务器（《Asynchronous Programming in Rust》第 9 章中的 Web 服务器），并展示它如何处理请求：顺序处理、在一个线程上并发处理，或在线程池上处理。</translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>Invalid bind address &apos;%1&apos;: expected an IP address such as 127.0.0.1, 0.0.0.0 or ::1.</source>
        <translation>无效的绑定地址“%1”：应为 IP 地址，例如 127.0.0.1、0.0.0.0 或 ::1。</translation>
    </message>
    <message>
        <source>Invalid port &apos;%1&apos;: expected a number from 0 to 65535 (0 picks a free port).</source>
        <translation>无效的端口“%1”：应为 0 到 65535 之间的数字（0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>Invalid mode &apos;%1&apos;: expected sequential, concurrent or pooled.</source>
        <translation>无效的模式“%1”：应为 sequential、concurrent 或 pooled。</translation>
    </message>
    <message>
        <source>Invalid thread count &apos;%1&apos;: expected a number from 1 to %2.</source>
        <translation>无效的线程数“%1”：应为 1 到 %2 之间的数字。</translation>
    </message>
    <message>
        <source>Invalid sleep time &apos;%1&apos;: expected milliseconds from 0 to %2.</source>
        <translation>无效的休眠时长“%1”：应为 0 到 %2 毫秒。</translation>
    </message>
    <message>
        <source>The access log needs a file name, or - for standard output.</source>
        <translation>访问日志需要一个文件名，或用 - 表示标准输出。</translation>
    </message>
    <message>
        <source>Unsupported language &apos;%1&apos;: expected zh_CN or en.</source>
        <translation>不支持的语言“%1”：应为 zh_CN 或 en。</translation>
    </message>
    <message>
        <source>Try &apos;%1 --help&apos; for more information.</source>
        <translation>请尝试“%1 --help”获取更多信息。</translation>
    </message>
    <message>
        <source>No display found (DISPLAY and WAYLAND_DISPLAY are not set). Use --headless to run the server without a window.</source>
        <translation>未找到显示器（未设置 DISPLAY 和 WAYLAND_DISPLAY）。请使用 --headless 不带窗口运行服务器。</translation>
    </message>
    <message>
        <source>Also answer requests for &lt;name&gt; while listening on loopback (by default only localhost and loopback addresses are, against DNS rebinding). May be given more than once.</source>
        <translation>在本机回环地址上监听时，也应答发给 &lt;name&gt; 的请求（为防范 DNS 重绑定，默认只应答 localhost 和回环地址）。可多次指定。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Invalid host name &apos;%1&apos;.</source>
        <translation>无效的主机名“%1”。</translation>
    </message>
    <message>
        <source>Report a mistake (in /-/status) when a handler holds a thread, or a request waits, at least &lt;ms&gt; milliseconds, %1 to %2 (default %3).</source>
        <translation>当处理程序占用线程或请求等待至少 &lt;ms&gt; 毫秒时报告问题（在 /-/status 中），范围 %1 到 %2（默认 %3）。</translation>
    </message>
    <message>
        <source>Invalid diagnostic threshold &apos;%1&apos;: expected milliseconds from %2 to %3.</source>
        <translation>无效的诊断阈值“%1”：应为 %2 到 %3 之间的毫秒数。</translation>
    </message>
    <message>
        <source>Memory for what all connections buffer together (requests being read, responses not yet sent), %1 to %2 MiB (default %3). When it is used up, the biggest holders stop being read and the idlest get 503.</source>
        <translation>所有连接合计缓冲（正在读取的请求、尚未发送的响应）所用的内存，范围 %1 到 %2 MiB（默认 %3）。用尽时，占用最多的连接暂停读取，最空闲的连接收到 503。</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>Invalid memory budget &apos;%1&apos;: expected MiB from %2 to %3.</source>
        <translation>无效的内存预算“%1”：应为 %2 到 %3 之间的 MiB 数。</translation>
    </message>
    <message>
        <source>Append one line per request to &lt;file&gt;; - means standard output. Off by default.</source>
        <translation>每个请求向 &lt;file&gt; 追加一行；- 表示标准输出。默认关闭。</translation>
    </message>
    <message>
        <source>The access log&apos;s format: clf (the Common Log Format, the default), combined (clf with the referer and the user agent) or json (one JSON object per line, with the request&apos;s phases).</source>
        <translation>访问日志的格式：clf（通用日志格式，默认）、combined（clf 加上来源页和用户代理）或 json（每行一个 JSON 对象，包含请求的各个阶段）。</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Unknown access log format &apos;%1&apos;: expected clf, combined or json.</source>
        <translation>未知的访问日志格式“%1”：应为 clf、combined 或 json。</translation>
    </message>
</context>
<context>
    <name>ConnectionsModel</name>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Thread</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>时长</translation>
    </message>
</context>
<context>
    <name>DiagnosticsBar</name>
    <message>
        <source>Dis&amp;miss</source>
        <translation>关闭提示(&amp;M)</translation>
    </message>
    <message>
        <source>Forget these diagnostics; new ones appear when they happen again</source>
        <translation>忽略这些诊断；再次发生时会出现新的诊断</translation>
    </message>
    <message>
        <source>Show the requests</source>
        <translation>显示这些请求</translation>
    </message>
    <message>
        <source>Server thread blocked.</source>
        <translation>服务器线程被阻塞。</translation>
    </message>
    <message>
        <source>Pool saturated.</source>
        <translation>线程池已饱和。</translation>
    </message>
    <message>
        <source>CPU work on the event loop.</source>
        <translation>事件循环上的 CPU 计算。</translation>
    </message>
    <message>
        <source>Waiting for a turn.</source>
        <translation>排队等待轮次。</translation>
    </message>
    <message>
        <source>1 request</source>
        <translation>1 个请求</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 个请求</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>%1, %2 of them %3</source>
        <comment>requests, how many of them were the commonest kind</comment>
        <translation>%1，其中 %2 个是 %3</translation>
    </message>
    <message>
        <source>The server thread was blocked for %1 by %2 (blocking sleep); %3 waited up to %4. An event loop must not block: turn off Blocking sleep, or use Pooled mode.</source>
        <translation>服务器线程被 %2（阻塞式休眠）阻塞了 %1；%3等待了最长 %4。事件循环不能阻塞：请关闭“阻塞式休眠”，或使用线程池模式。</translation>
    </message>
    <message>
        <source>CPU work held the single server thread for %1: %2 ran one after another while %3 waited up to %4. Pooled mode runs them in parallel, one per worker.</source>
        <translation>CPU 计算占用了唯一的服务器线程 %1：%2 一个接一个地运行，%3等待了最长 %4。线程池模式会让它们并行运行，每个工作线程一个。</translation>
    </message>
    <message>
        <source>All %1 workers were blocked (blocking sleep) by %2 for %3 in all; %4 waited up to %5 for a free worker. Do not block inside a worker: turn off Blocking sleep, or raise the pool size.</source>
        <translation>全部 %1 个工作线程被 %2（阻塞式休眠）阻塞，共 %3；%4等待空闲工作线程最长 %5。不要在工作线程中阻塞：请关闭“阻塞式休眠”，或增大线程池。</translation>
    </message>
    <message>
        <source>All %1 workers were busy with %2 for %3 in all; %4 waited up to %5 for a free worker. Raise the pool size, up to the number of cores for CPU work.</source>
        <translation>全部 %1 个工作线程都在忙于 %2，共 %3；%4等待空闲工作线程最长 %5。请增大线程池（CPU 计算最多到核心数）。</translation>
    </message>
    <message>
        <source>Sequential mode made %1 wait up to %2 for their turn, behind %3. Concurrent or Pooled mode would overlap them.</source>
        <translation>顺序模式让 %1 排在 %3 之后等待轮次，最长 %2。并发或线程池模式会让它们重叠进行。</translation>
    </message>
</context>
<context>
    <name>ExperimentRunner</name>
    <message>
        <source>Slow requests</source>
        <translation>慢请求</translation>
    </message>
    <message>
        <source>CPU work</source>
        <translation>CPU 计算</translation>
    </message>
    <message>
        <source>Blocking inside an executor</source>
        <translation>在执行器中阻塞</translation>
    </message>
    <message>
        <source>%1 × %2?ms=%3</source>
        <translation>%1 × %2?ms=%3</translation>
    </message>
    <message>
        <source>%1 at once</source>
        <translation>同时 %1 个</translation>
    </message>
    <message>
        <source>blocking sleep on</source>
        <translation>阻塞式休眠开启</translation>
    </message>
    <message>
        <source>blocking sleep off</source>
        <translation>阻塞式休眠关闭</translation>
    </message>
    <message>
        <source>pool size %1</source>
        <translation>线程池大小 %1</translation>
    </message>
    <message>
        <source>in %1</source>
        <comment>the modes an experiment runs in</comment>
        <translation>模式：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>The server stopped.</source>
        <translation>服务器已停止。</translation>
    </message>
    <message>
        <source>A setting was changed during the experiment.</source>
        <translation>实验期间更改了设置。</translation>
    </message>
    <message>
        <source>%1: %2 (%3 of %4)…</source>
        <translation>%1：%2（第 %3 个，共 %4 个）…</translation>
    </message>
    <message>
        <source>%1: cancelling…</source>
        <translation>%1：正在取消…</translation>
    </message>
    <message>
        <source>%1: collecting the server&apos;s measurements…</source>
        <translation>%1：正在收集服务器的测量结果…</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>mode and wall time</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 stopped after %2 of %3 modes: %4</source>
        <translation>%1 在 %3 个模式中的 %2 个之后停止：%4</translation>
    </message>
    <message>
        <source>%1 was cancelled after %2 of %3 modes: nothing is compared.</source>
        <translation>%1 在 %3 个模式中的 %2 个之后被取消：不做比较。</translation>
    </message>
    <message>
        <source>In %1 mode %2 of %3 requests failed: the times are not compared.</source>
        <translation>在 %1 模式下 %3 个请求中有 %2 个失败：不比较耗时。</translation>
    </message>
    <message>
        <source>%1 ran in one mode only: nothing to compare.</source>
        <translation>%1 只在一种模式下运行：没有可比较的。</translation>
    </message>
    <message>
        <source>No mode was clearly faster: %1.</source>
        <translation>没有哪种模式明显更快：%1。</translation>
    </message>
    <message>
        <source>%1 overlapped the sleeps: %2 requests in %3 instead of %4 sequentially.</source>
        <translation>%1模式让休眠重叠进行：%2 个请求用时 %3，而顺序处理需要 %4。</translation>
    </message>
    <message>
        <source>%1 ran the computations in parallel on %2 workers: %3 against %4 on the single server thread.</source>
        <translation>%1模式在 %2 个工作线程上并行计算：用时 %3，而在唯一的服务器线程上需要 %4。</translation>
    </message>
    <message>
        <source>Blocking sleep held the threads: %1 took %2, %3 with %4 workers %5; without blocking, %6.</source>
        <translation>阻塞式休眠占用了线程：%1模式用时 %2，%3模式（%4 个工作线程）用时 %5；不阻塞时为 %6。</translation>
    </message>
    <message>
        <source>Blocking sleep held the threads: %1 took %2, %3 with %4 workers %5.</source>
        <translation>阻塞式休眠占用了线程：%1模式用时 %2，%3模式（%4 个工作线程）用时 %5。</translation>
    </message>
    <message>
        <source>%1 was fastest: %2, against %3.</source>
        <translation>%1模式最快：%2，其他为 %3。</translation>
    </message>
</context>
<context>
    <name>GuiLoad</name>
    <message>
        <source>Runs wrk against the ServeScope server with the real monitor window shown, with it hidden, and headless, and prints requests per second, event-loop gaps, repaints per second and memory. Run it under a display (e.g. xvfb-run) or with QT_QPA_PLATFORM=offscreen.</source>
        <translation>分别在显示真实监视窗口、隐藏窗口和无界面三种情况下用 wrk 压测 ServeScope 服务器，并输出每秒请求数、事件循环间隔、每秒重绘次数和内存。请在有显示的环境下运行（例如 xvfb-run），或设置 QT_QPA_PLATFORM=offscreen。</translation>
    </message>
    <message>
        <source>Seconds of load per setup (1-120).</source>
        <translation>每种配置的压测秒数（1-120）。</translation>
    </message>
    <message>
        <source>wrk connections (1-10000).</source>
        <translation>wrk 连接数（1-10000）。</translation>
    </message>
    <message>
        <source>wrk threads (1-64).</source>
        <translation>wrk 线程数（1-64）。</translation>
    </message>
    <message>
        <source>Dispatch mode: sequential, concurrent or pooled.</source>
        <translation>分派模式：sequential、concurrent 或 pooled。</translation>
    </message>
    <message>
        <source>Pool size (1-256); default: the server&apos;s.</source>
        <translation>线程池大小（1-256）；默认：服务器的设置。</translation>
    </message>
    <message>
        <source>The path wrk requests.</source>
        <translation>wrk 请求的路径。</translation>
    </message>
    <message>
        <source>How often to run the setups in turn (1-20).</source>
        <translation>轮流运行各配置的轮数（1-20）。</translation>
    </message>
    <message>
        <source>Comma-separated setups in the order to run: window, hidden, headless.</source>
        <translation>按运行顺序列出的配置，以逗号分隔：window、hidden、headless。</translation>
    </message>
    <message>
        <source>The wrk program.</source>
        <translation>wrk 程序。</translation>
    </message>
    <message>
        <source>Also count the paint events of every widget and list those that painted most.</source>
        <translation>同时统计每个部件的绘制事件，并列出绘制最多的部件。</translation>
    </message>
    <message>
        <source>Turn the request log&apos;s &quot;Follow newest&quot; off, as a person reading it would.</source>
        <translation>关闭请求日志的“跟随最新”，如同有人正在阅读日志。</translation>
    </message>
    <message>
        <source>Language of the window and of this report: zh_CN or en (default: the system locale).</source>
        <translation>窗口和本报告的语言：zh_CN 或 en（默认：系统区域设置）。</translation>
    </message>
    <message>
        <source>servescope-guiload: cannot find %1 (install the wrk package).</source>
        <translation>servescope-guiload：找不到 %1（请安装 wrk 软件包）。</translation>
    </message>
    <message>
        <source>servescope-guiload: invalid option value; see --help.</source>
        <translation>servescope-guiload：选项值无效；参见 --help。</translation>
    </message>
    <message>
        <source>Sort the request log by this column before the load, as a click on its header would: time, peer, method, target, status, bytes, duration, thread or mode; add :desc for descending order (default: arrival order).</source>
        <translation>压测前按此列对请求日志排序，如同点击列标题：time、peer、method、target、status、bytes、duration、thread 或 mode；加 :desc 表示降序（默认：到达顺序）。</translation>
    </message>
</context>
<context>
    <name>GuiLoadBench</name>
    <message>
        <source>the server did not start or stop in time</source>
        <translation>服务器未能及时启动或停止</translation>
    </message>
    <message>
        <source>window shown</source>
        <translation>窗口显示</translation>
    </message>
    <message>
        <source>window hidden</source>
        <translation>窗口隐藏</translation>
    </message>
    <message>
        <source>headless (Server only, no MonitorFeed)</source>
        <translation>无界面（仅 Server，无 MonitorFeed）</translation>
    </message>
    <message>
        <source>servescope-guiload: the monitor window under load</source>
        <translation>servescope-guiload：负载下的监视窗口</translation>
    </message>
    <message>
        <source>  platform %1, %2 CPU cores, Qt %3</source>
        <translation>  平台 %1，%2 个 CPU 核心，Qt %3</translation>
    </message>
    <message>
        <source>  server: 127.0.0.1, port 0, mode %1, pool %2 threads; route %3</source>
        <translation>  服务器：127.0.0.1，端口 0，模式 %1，线程池 %2 个线程；路径 %3</translation>
    </message>
    <message>
        <source>  load per setup: %1 -t%2 -c%3 -d%4s (an external process on the same machine)</source>
        <translation>  每种配置的负载：%1 -t%2 -c%3 -d%4s（同一台机器上的外部进程）</translation>
    </message>
    <message>
        <source>  request log: paused (&quot;Follow newest&quot; off)</source>
        <translation>  请求日志：已暂停（“跟随最新”关闭）</translation>
    </message>
    <message>
        <source>  request log: following the newest request</source>
        <translation>  请求日志：跟随最新请求</translation>
    </message>
    <message>
        <source>  event-loop gap: the interval between timeouts of a 10 ms precise timer on the GUI thread (10 ms = never blocked)</source>
        <translation>  事件循环间隔：GUI 线程上 10 毫秒精确定时器两次超时之间的时间（10 毫秒 = 从未阻塞）</translation>
    </message>
    <message>
        <source>  load average is /proc/loadavg before -&gt; after each setup</source>
        <translation>  平均负载为每种配置运行前 -&gt; 运行后的 /proc/loadavg</translation>
    </message>
    <message>
        <source>cannot start the server: %1</source>
        <translation>无法启动服务器：%1</translation>
    </message>
    <message>
        <source>window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>rate chart</source>
        <translation>速率图</translation>
    </message>
    <message>
        <source>timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>request log</source>
        <translation>请求日志</translation>
    </message>
    <message>
        <source>connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>pending sleeps</source>
        <translation>等待中的休眠</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>[round %1] %2</source>
        <translation>[第 %1 轮] %2</translation>
    </message>
    <message>
        <source>load average   %1 -&gt; %2</source>
        <translation>平均负载       %1 -&gt; %2</translation>
    </message>
    <message>
        <source>window         %1x%2 on a %3x%4 screen</source>
        <translation>窗口           %1x%2，屏幕 %3x%4</translation>
    </message>
    <message>
        <source>requests/s     %1 (server counted %2 requests in %3 s); wrk says %4</source>
        <translation>请求/秒        %1（服务器在 %3 秒内计数 %2 个请求）；wrk 报告 %4</translation>
    </message>
    <message>
        <source>wrk            %1 (avg, stdev, max)</source>
        <translation>wrk            %1（平均值、标准差、最大值）</translation>
    </message>
    <message>
        <source>wrk            %1</source>
        <translation>wrk            %1</translation>
    </message>
    <message>
        <source>event loop     max gap %1 ms (ending %2 s into the load), p99 %3 ms, %4 gaps over 60 ms (blocked &gt; 50 ms) in %5 ticks</source>
        <translation>事件循环       最大间隔 %1 毫秒（结束于负载开始后 %2 秒），p99 %3 毫秒，%5 次计时中有 %4 次间隔超过 60 毫秒（阻塞 &gt; 50 毫秒）</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>repaints/s     %1</source>
        <translation>重绘/秒        %1</translation>
    </message>
    <message>
        <source>paints/s by widget, most first: %1</source>
        <translation>各部件每秒绘制次数（从多到少）：%1</translation>
    </message>
    <message>
        <source>memory (RSS)   start %1 MiB, peak %2 MiB, end %3 MiB (after the drain)</source>
        <translation>内存 (RSS)     开始 %1 MiB，峰值 %2 MiB，结束 %3 MiB（排空后）</translation>
    </message>
    <message>
        <source>RSS each second of the load (MiB): %1</source>
        <translation>负载期间每秒的 RSS（MiB）：%1</translation>
    </message>
    <message>
        <source>feed           %1 batches, %2 updated() (%3/s), %4 events dropped; log %5 rows of %6</source>
        <translation>数据源         %1 个批次，%2 次 updated()（%3/秒），丢弃 %4 个事件；日志 %5 行，共 %6</translation>
    </message>
    <message>
        <source>summary (means over %1 round(s), same process, same load)</source>
        <translation>汇总（%1 轮的平均值，同一进程，同一负载）</translation>
    </message>
    <message>
        <source>%1: %2 requests/s</source>
        <translation>%1：%2 请求/秒</translation>
    </message>
    <message>
        <source>, %1 x headless</source>
        <translation>，为无界面的 %1 倍</translation>
    </message>
    <message>
        <source>window shown: longest event-loop gap %1 ms; at most %2 repaints/s (the window, or one widget)</source>
        <translation>窗口显示：最长事件循环间隔 %1 毫秒；最多 %2 次重绘/秒（整个窗口或单个部件）</translation>
    </message>
    <message>
        <source>load average now %1</source>
        <translation>当前平均负载 %1</translation>
    </message>
    <message>
        <source>, </source>
        <comment>list separator</comment>
        <translation>，</translation>
    </message>
    <message>
        <source>  request log: sorted by %1, ascending, before the load</source>
        <translation>  请求日志：压测前按 %1 升序排序</translation>
    </message>
    <message>
        <source>  request log: sorted by %1, descending, before the load</source>
        <translation>  请求日志：压测前按 %1 降序排序</translation>
    </message>
    <message>
        <source>CPU            GUI thread %1 % (%2 µs per request), whole process %3 % (100 % = one core)</source>
        <translation>CPU            GUI 线程 %1 %（每个请求 %2 µs），整个进程 %3 %（100 % = 一个核心）</translation>
    </message>
    <message>
        <source>; GUI thread %1 µs per request</source>
        <translation>；GUI 线程每个请求 %1 µs</translation>
    </message>
</context>
<context>
    <name>GuiRunner</name>
    <message>
        <source>Cannot install the signal handlers: %1</source>
        <translation>无法安装信号处理程序：%1</translation>
    </message>
</context>
<context>
    <name>HarExporter</name>
    <message>
        <source>The export was cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
</context>
<context>
    <name>HeadlessRunner</name>
    <message>
        <source>Cannot install the signal handlers: %1</source>
        <translation>无法安装信号处理程序：%1</translation>
    </message>
    <message>
        <source>%1 received, stopping.</source>
        <translation>收到 %1，正在停止。</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2.</source>
        <translation>无法在 %1 的端口 %2 上监听。</translation>
    </message>
    <message>
        <source>The server did not stop within %1 ms; exiting anyway.</source>
        <translation>服务器未能在 %1 毫秒内停止；仍然退出。</translation>
    </message>
    <message>
        <source>Cannot reopen the access log &apos;%1&apos;: %2</source>
        <translation>无法重新打开访问日志“%1”：%2</translation>
    </message>
</context>
<context>
    <name>LogExporter</name>
    <message>
        <source>There is nothing to export.</source>
        <translation>没有可导出的内容。</translation>
    </message>
    <message>
        <source>The destination is not open for writing.</source>
        <translation>目标未以写入方式打开。</translation>
    </message>
    <message>
        <source>Could not write the export: %1</source>
        <translation>无法写入导出内容：%1</translation>
    </message>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>无法打开 %1 进行写入：%2</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ServeScope</source>
        <translation>ServeScope</translation>
    </message>
    <message>
        <source>Live Connections</source>
        <translation>实时连接</translation>
    </message>
    <message>
        <source>Pending Sleeps</source>
        <translation>等待中的休眠</translation>
    </message>
    <message>
        <source>Burst</source>
        <translation>突发测试</translation>
    </message>
    <message>
        <source>Requests and Latency</source>
        <translation>请求与延迟</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>Request Log</source>
        <translation>请求日志</translation>
    </message>
    <message>
        <source>Use the &amp;Next Free Port</source>
        <translation>使用下一个空闲端口(&amp;N)</translation>
    </message>
    <message>
        <source>Use &amp;Any Free Port</source>
        <translation>使用任意空闲端口(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Stop the server and close ServeScope</source>
        <translation>停止服务器并关闭 ServeScope</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>Open in &amp;Browser</source>
        <translation>在浏览器中打开(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Burst</source>
        <translation>突发测试(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About ServeScope</source>
        <translation>关于 ServeScope(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Listening on all interfaces: other computers on your network can reach the server.</source>
        <translation>正在所有网络接口上监听：你网络中的其他计算机可以访问此服务器。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address. Use 127.0.0.1 to stay on this computer.</source>
        <translation>“%1”不是 IP 地址。使用 127.0.0.1 可仅限本机访问。</translation>
    </message>
    <message>
        <source>Starting on %1 port %2…</source>
        <translation>正在 %1 的端口 %2 上启动…</translation>
    </message>
    <message>
        <source>Port %1 was in use; listening on port %2 instead.</source>
        <translation>端口 %1 已被占用；改为在端口 %2 上监听。</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>(all interfaces)</source>
        <translation>（所有接口）</translation>
    </message>
    <message>
        <source>Open %1 in your web browser</source>
        <translation>在网页浏览器中打开 %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Mode: %1</source>
        <translation>模式：%1</translation>
    </message>
    <message>
        <source>Connections: %1</source>
        <translation>连接：%1</translation>
    </message>
    <message>
        <source>Sleeping: %1</source>
        <translation>休眠中：%1</translation>
    </message>
    <message>
        <source>Queued: %1</source>
        <translation>排队：%1</translation>
    </message>
    <message>
        <source>%1 req/s</source>
        <translation>%1 请求/秒</translation>
    </message>
    <message>
        <source>About ServeScope</source>
        <translation>关于 ServeScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ServeScope %1&lt;/h3&gt;&lt;p&gt;A small HTTP/1.1 server you can watch serve: three dispatch modes (sequential, concurrent, pooled), live connections, sleeps, a request log, charts and bursts.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ServeScope %1&lt;/h3&gt;&lt;p&gt;一个可以观察其处理过程的小型 HTTP/1.1 服务器：三种调度模式（顺序、并发、线程池）、实时连接、休眠、请求日志、图表和突发测试。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Dis&amp;miss</source>
        <translation>关闭提示(&amp;M)</translation>
    </message>
    <message>
        <source>%1.</source>
        <comment>an error message ended as a sentence</comment>
        <translation>%1。</translation>
    </message>
    <message>
        <source>%1. Another program may be using this port; ServeScope can try the next free one.</source>
        <translation>%1。可能有其他程序正在使用此端口；ServeScope 可以尝试下一个空闲端口。</translation>
    </message>
    <message>
        <source>Waterfall</source>
        <translation>瀑布图</translation>
    </message>
    <message>
        <source>Diagnostic &amp;Threshold…</source>
        <translation>诊断阈值(&amp;T)…</translation>
    </message>
    <message>
        <source>Choose how long a hold or a wait must last before a diagnostic names it</source>
        <translation>选择占用或等待持续多久才会被诊断指出</translation>
    </message>
    <message>
        <source>&amp;Experiments</source>
        <translation>实验(&amp;E)</translation>
    </message>
    <message>
        <source>Diagnostic Threshold</source>
        <translation>诊断阈值</translation>
    </message>
    <message>
        <source>A handler that holds a thread, or a request that waits, this long or longer is named in a diagnostic (milliseconds). Used from the next start of the server.</source>
        <translation>处理程序占用线程或请求等待达到或超过这个时长（毫秒）时，会在诊断中指出。从服务器下次启动时生效。</translation>
    </message>
    <message>
        <source>Diagnostic threshold %1 ms: restart the server (Shift+F5, F5) to use it.</source>
        <translation>诊断阈值 %1 毫秒：重新启动服务器（Shift+F5，F5）后生效。</translation>
    </message>
    <message>
        <source>&amp;Access Log…</source>
        <translation>访问日志(&amp;A)…</translation>
    </message>
    <message>
        <source>Write every answered request to a log file</source>
        <translation>把每个已响应的请求写入日志文件</translation>
    </message>
    <message>
        <source>&amp;Reopen Access Log</source>
        <translation>重新打开访问日志(&amp;R)</translation>
    </message>
    <message>
        <source>Reopened the access log %1.</source>
        <translation>已重新打开访问日志 %1。</translation>
    </message>
    <message>
        <source>Keep Running in the &amp;Tray When Closed</source>
        <translation>关闭窗口时在托盘中继续运行(&amp;T)</translation>
    </message>
    <message>
        <source>Closing the window hides it into the system tray; the server keeps serving until you quit</source>
        <translation>关闭窗口只会把它隐藏到系统托盘；服务器会一直服务，直到你退出</translation>
    </message>
    <message>
        <source>This desktop shows no system tray</source>
        <translation>此桌面没有系统托盘</translation>
    </message>
    <message>
        <source>Writing the access log to %1.</source>
        <translation>正在把访问日志写入 %1。</translation>
    </message>
    <message>
        <source>The access log is off.</source>
        <translation>访问日志已关闭。</translation>
    </message>
    <message>
        <source>Close and open %1 again, after it was moved (as SIGHUP does)</source>
        <translation>在 %1 被移走后关闭并重新打开它（与 SIGHUP 的作用相同）</translation>
    </message>
    <message>
        <source>No access log is being written</source>
        <translation>当前没有写入访问日志</translation>
    </message>
    <message>
        <source>ServeScope keeps serving in the tray. Choose Quit in its menu to stop the server and end ServeScope.</source>
        <translation>ServeScope 仍在托盘中提供服务。在托盘菜单中选择“退出”即可停止服务器并结束 ServeScope。</translation>
    </message>
    <message>
        <source>Still running</source>
        <translation>仍在运行</translation>
    </message>
</context>
<context>
    <name>MonitorText</name>
    <message>
        <source>server thread</source>
        <translation>服务器线程</translation>
    </message>
    <message>
        <source>worker %1</source>
        <translation>工作线程 %1</translation>
    </message>
    <message>
        <source>Sequential</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>Concurrent</source>
        <translation>并发</translation>
    </message>
    <message>
        <source>Pooled</source>
        <translation>线程池</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>读取中</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>handling</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>sleeping</source>
        <translation>休眠中</translation>
    </message>
    <message>
        <source>writing</source>
        <translation>写入中</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 微秒</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>no thread (timer)</source>
        <translation>无线程（定时器）</translation>
    </message>
    <message>
        <source>waiting: unread</source>
        <comment>timeline lane: bytes arrived, in the kernel, not read yet</comment>
        <translation>等待：未读取</translation>
    </message>
    <message>
        <source>waiting: turn</source>
        <comment>timeline lane: parsed, waiting for its turn (Sequential)</comment>
        <translation>等待：轮次</translation>
    </message>
    <message>
        <source>waiting: pool</source>
        <comment>timeline lane: parsed, waiting for a free worker (Pooled)</comment>
        <translation>等待：线程池</translation>
    </message>
    <message>
        <source>timers (no thread)</source>
        <comment>timeline lane: sleeps parked on a timer, no thread held</comment>
        <translation>定时器（无线程）</translation>
    </message>
</context>
<context>
    <name>PendingSleepsModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>剩余</translation>
    </message>
</context>
<context>
    <name>PendingSleepsPanel</name>
    <message>
        <source>Sleeping: %1, queued for a worker: %2</source>
        <translation>休眠中：%1，等待工作线程：%2</translation>
    </message>
    <message>
        <source>Sleeping: %1, waiting for their turn: %2</source>
        <translation>休眠中：%1，等待轮到的请求：%2</translation>
    </message>
</context>
<context>
    <name>RateChartWidget</name>
    <message>
        <source>Requests per second and latency over the last minute</source>
        <translation>最近一分钟的每秒请求数与延迟</translation>
    </message>
    <message>
        <source>requests/s</source>
        <translation>请求/秒</translation>
    </message>
    <message>
        <source>Requests per second: %1</source>
        <translation>每秒请求数：%1</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Latency: p50 %1, p99 %2</source>
        <translation>延迟：p50 %1，p99 %2</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>-%1 s</source>
        <translation>-%1 秒</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>loop lag</source>
        <translation>循环延迟</translation>
    </message>
</context>
<context>
    <name>RequestLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Thread</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>%1 µs from arrival to the response: waited %2, handled %3</source>
        <translation>从到达到响应共 %1 µs：等待 %2，处理 %3</translation>
    </message>
    <message>
        <source>%1 µs unread in the kernel or waiting for a turn or a worker</source>
        <translation>%1 µs 在内核中未读取，或等待轮次或工作线程</translation>
    </message>
    <message>
        <source>%1 µs from a handler taking it to the response</source>
        <translation>从处理程序接手到响应共 %1 µs</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>处理</translation>
    </message>
</context>
<context>
    <name>RequestLogPanel</name>
    <message>
        <source>Filter by peer, method or target (Ctrl+F)</source>
        <translation>按对端、方法或目标筛选 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Request log filter</source>
        <translation>请求日志筛选</translation>
    </message>
    <message>
        <source>&amp;Find in Log</source>
        <translation>在日志中查找(&amp;F)</translation>
    </message>
    <message>
        <source>Filter the request log by peer, method or target</source>
        <translation>按对端、方法或目标筛选请求日志</translation>
    </message>
    <message>
        <source>2xx</source>
        <translation>2xx</translation>
    </message>
    <message>
        <source>3xx</source>
        <translation>3xx</translation>
    </message>
    <message>
        <source>4xx</source>
        <translation>4xx</translation>
    </message>
    <message>
        <source>5xx</source>
        <translation>5xx</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Follow &amp;Newest</source>
        <translation>跟随最新(&amp;N)</translation>
    </message>
    <message>
        <source>Follow newest</source>
        <translation>跟随最新</translation>
    </message>
    <message>
        <source>C&amp;lear Log</source>
        <translation>清空日志(&amp;L)</translation>
    </message>
    <message>
        <source>Forget every request in the log</source>
        <translation>清除日志中的所有请求</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>&amp;Export Log as CSV…</source>
        <translation>将日志导出为 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the requests shown, as filtered and sorted, to a CSV file</source>
        <translation>将当前显示（已筛选和排序）的请求保存为 CSV 文件</translation>
    </message>
    <message>
        <source>Export Log as &amp;JSON…</source>
        <translation>将日志导出为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Save the requests shown, as filtered and sorted, to a JSON file</source>
        <translation>将当前显示（已筛选和排序）的请求保存为 JSON 文件</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save the requests shown to CSV (Ctrl+S) or JSON (Ctrl+Shift+S)</source>
        <translation>将显示的请求保存为 CSV (Ctrl+S) 或 JSON (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Live view paused; check &quot;Follow newest&quot; to resume</source>
        <translation>实时视图已暂停；勾选“跟随最新”即可恢复</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export Log as JSON</source>
        <translation>将日志导出为 JSON</translation>
    </message>
    <message>
        <source>Export Log as CSV</source>
        <translation>将日志导出为 CSV</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write %1:
%2</source>
        <translation>无法写入 %1：
%2</translation>
    </message>
    <message>
        <source>Requests to &amp;Keep…</source>
        <translation>保留的请求数(&amp;K)…</translation>
    </message>
    <message>
        <source>Choose how many requests the log keeps; the oldest leave first</source>
        <translation>选择日志保留多少个请求；最早的请求最先移除</translation>
    </message>
    <message>
        <source>Request Log Size</source>
        <translation>请求日志大小</translation>
    </message>
    <message>
        <source>Requests to keep in the log (%1 to %2); the oldest leave first:</source>
        <translation>日志中保留的请求数（%1 到 %2）；最早的请求最先移除：</translation>
    </message>
    <message>
        <source>The request log keeps the last %1 requests</source>
        <translation>请求日志保留最近的 %1 个请求</translation>
    </message>
    <message>
        <source>Show requests answered with a 2xx status (success)</source>
        <translation>显示以 2xx 状态码（成功）响应的请求</translation>
    </message>
    <message>
        <source>Show requests answered with a 3xx status (redirection)</source>
        <translation>显示以 3xx 状态码（重定向）响应的请求</translation>
    </message>
    <message>
        <source>Show requests answered with a 4xx status (client error)</source>
        <translation>显示以 4xx 状态码（客户端错误）响应的请求</translation>
    </message>
    <message>
        <source>Show requests answered with a 5xx status (server error)</source>
        <translation>显示以 5xx 状态码（服务器错误）响应的请求</translation>
    </message>
    <message>
        <source>Show requests with any other status, or none</source>
        <translation>显示其他状态码或没有状态码的请求</translation>
    </message>
    <message>
        <source>%1 shown, %2 kept (at most %3), total %4</source>
        <translation>显示 %1 条，保留 %2 条（最多 %3 条），共 %4 个请求</translation>
    </message>
    <message>
        <source>Requests exported to %1: %2</source>
        <translation>已将请求导出到 %1：%2 个</translation>
    </message>
    <message>
        <source>Keep the newest request in view, in arrival order; scrolling away or sorting by another column pauses the live view</source>
        <translation>按到达顺序始终显示最新的请求；滚动离开或按其他列排序会暂停实时视图</translation>
    </message>
    <message>
        <source>Sorted by %1: live view paused; check &quot;Follow newest&quot; to return to arrival order</source>
        <translation>已按 %1 排序：实时视图已暂停；勾选“跟随最新”可回到到达顺序</translation>
    </message>
    <message>
        <source>Exporting requests to %1: %2 of %3 written</source>
        <translation>正在将请求导出到 %1：已写入 %2 / %3</translation>
    </message>
    <message>
        <source>Exporting %1 requests to %2…</source>
        <translation>正在将 %1 个请求导出到 %2…</translation>
    </message>
    <message>
        <source>Live view paused to show the selected request; check &quot;Follow newest&quot; to resume</source>
        <translation>实时视图已暂停以显示所选请求；勾选“跟随最新”即可恢复</translation>
    </message>
    <message>
        <source>Export Log as &amp;HAR…</source>
        <translation>将日志导出为 HAR(&amp;H)…</translation>
    </message>
    <message>
        <source>Save the requests shown, as filtered and sorted, as an HTTP Archive for browser developer tools</source>
        <translation>把显示的请求（按当前筛选和排序）保存为浏览器开发者工具可打开的 HTTP Archive 文件</translation>
    </message>
    <message>
        <source>HTTP Archive files (*.har)</source>
        <translation>HTTP Archive 文件 (*.har)</translation>
    </message>
    <message>
        <source>Export Log as HAR</source>
        <translation>将日志导出为 HAR</translation>
    </message>
</context>
<context>
    <name>ServerEngine</name>
    <message>
        <source>Cannot create the event queue: %1</source>
        <translation>无法创建事件队列：%1</translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3</source>
        <translation>无法在 %1:%2 上监听：%3</translation>
    </message>
</context>
<context>
    <name>ServerToolBar</name>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Start the server (F5)</source>
        <translation>启动服务器 (F5)</translation>
    </message>
    <message>
        <source>Start listening with the address, port and settings shown</source>
        <translation>使用所显示的地址、端口和设置开始监听</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the server (Shift+F5)</source>
        <translation>停止服务器 (Shift+F5)</translation>
    </message>
    <message>
        <source>Stop accepting, cancel pending sleeps and close every connection</source>
        <translation>停止接受连接，取消等待中的休眠并关闭所有连接</translation>
    </message>
    <message>
        <source>Make the server reachable from other computers on your network (takes effect at the next start)</source>
        <translation>让你网络中的其他计算机可以访问此服务器（下次启动时生效）</translation>
    </message>
    <message>
        <source>Se&amp;quential</source>
        <translation>顺序(&amp;Q)</translation>
    </message>
    <message>
        <source>One request at a time on the server thread: a sleep holds up everyone behind it</source>
        <translation>在服务器线程上一次处理一个请求：一次休眠会阻挡后面所有的请求</translation>
    </message>
    <message>
        <source>&amp;Concurrent</source>
        <translation>并发(&amp;C)</translation>
    </message>
    <message>
        <source>Every connection on the one server thread, event-driven: sleeps overlap, computing does not</source>
        <translation>所有连接都在同一个服务器线程上以事件驱动方式处理：休眠可以重叠，计算不能</translation>
    </message>
    <message>
        <source>&amp;Pooled</source>
        <translation>线程池(&amp;P)</translation>
    </message>
    <message>
        <source>Each request&apos;s handler runs on a thread-pool worker: computing runs in parallel</source>
        <translation>每个请求的处理程序在线程池的工作线程上运行：计算可以并行</translation>
    </message>
    <message>
        <source>Make /sleep block the thread that handles it: the classic mistake, shown on purpose</source>
        <translation>让 /sleep 阻塞处理它的线程：有意演示的经典错误</translation>
    </message>
    <message>
        <source>Open &amp;/ in Browser</source>
        <translation>在浏览器中打开 &amp;/</translation>
    </message>
    <message>
        <source>Open /&amp;sleep in Browser</source>
        <translation>在浏览器中打开 /&amp;sleep</translation>
    </message>
    <message>
        <source>Open /c&amp;ompute in Browser</source>
        <translation>在浏览器中打开 /c&amp;ompute</translation>
    </message>
    <message>
        <source>Open %1 of the running server in your web browser</source>
        <translation>在网页浏览器中打开正在运行的服务器的 %1</translation>
    </message>
    <message>
        <source>The address to listen on; loopback keeps the server private</source>
        <translation>要监听的地址；使用回环地址可让服务器仅限本机访问</translation>
    </message>
    <message>
        <source>A&amp;ddress:</source>
        <translation>地址(&amp;D)：</translation>
    </message>
    <message>
        <source>any free</source>
        <translation>任意空闲</translation>
    </message>
    <message>
        <source>The TCP port to listen on; 0 lets the system pick a free one</source>
        <translation>要监听的 TCP 端口；0 表示由系统选择一个空闲端口</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O)：</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>How many pool workers run handlers in pooled mode (and blocking sleeps)</source>
        <translation>线程池模式下（以及阻塞式休眠时）运行处理程序的工作线程数</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>How long /sleep waits when the request has no ?ms=</source>
        <translation>请求没有 ?ms= 时 /sleep 的等待时长</translation>
    </message>
    <message>
        <source>Sl&amp;eep:</source>
        <translation>休眠(&amp;E)：</translation>
    </message>
    <message>
        <source>Open in &amp;Browser</source>
        <translation>在浏览器中打开(&amp;B)</translation>
    </message>
    <message>
        <source>Open in Browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>Open a page of the running server in your web browser</source>
        <translation>在网页浏览器中打开正在运行的服务器的页面</translation>
    </message>
    <message>
        <source>Stop the server to change the address or port</source>
        <translation>请先停止服务器，再更改地址或端口</translation>
    </message>
    <message>
        <source>Listen on All Interfaces?</source>
        <translation>在所有接口上监听？</translation>
    </message>
    <message>
        <source>The server will be reachable from other computers on your network, and anyone who can reach it can make it sleep or compute. Use this only on a network you trust.</source>
        <translation>你网络中的其他计算机将可以访问此服务器，任何能访问它的人都可以让它休眠或计算。请仅在你信任的网络中使用此选项。</translation>
    </message>
    <message>
        <source>Listen on All Interfaces</source>
        <translation>在所有接口上监听</translation>
    </message>
    <message>
        <source>Listen on all &amp;interfaces</source>
        <translation>在所有接口上监听(&amp;I)</translation>
    </message>
    <message>
        <source>Bloc&amp;king sleep</source>
        <translation>阻塞式休眠(&amp;K)</translation>
    </message>
    <message>
        <source>Pool si&amp;ze:</source>
        <translation>线程池大小(&amp;Z)：</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Sequential</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>Concurrent</source>
        <translation>并发</translation>
    </message>
    <message>
        <source>Pooled</source>
        <translation>线程池</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <source>Timeline, last %1 s (Ctrl+wheel zooms)</source>
        <translation>时间线，最近 %1 秒（Ctrl+滚轮缩放）</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>-%1 s</source>
        <translation>-%1 秒</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Zoom Timeline &amp;In</source>
        <translation>放大时间线(&amp;I)</translation>
    </message>
    <message>
        <source>Show a shorter stretch of the timeline in more detail</source>
        <translation>以更多细节显示更短的一段时间线</translation>
    </message>
    <message>
        <source>Zoom Timeline &amp;Out</source>
        <translation>缩小时间线(&amp;O)</translation>
    </message>
    <message>
        <source>Show a longer stretch of the timeline</source>
        <translation>显示更长的一段时间线</translation>
    </message>
    <message>
        <source>&amp;Reset Timeline Zoom</source>
        <translation>重置时间线缩放(&amp;R)</translation>
    </message>
    <message>
        <source>Show the last %1 s of the timeline again</source>
        <translation>重新显示时间线的最近 %1 秒</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>timeline tooltip: the thread that handled the request, then the mode</comment>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Concurrency timeline: a lane per thread, the timers and the queues</source>
        <translation>并发时间线：每个线程一条泳道，另有定时器和队列</translation>
    </message>
    <message>
        <source>parked: no thread</source>
        <translation>挂起：无线程</translation>
    </message>
    <message>
        <source>blocked: thread held</source>
        <translation>阻塞：线程被占用</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>另有 %1 个</translation>
    </message>
    <message>
        <source>unread in the kernel for %1 (arrived, not read yet)</source>
        <translation>在内核中未读取 %1（已到达，尚未读取）</translation>
    </message>
    <message>
        <source>waited %1 for its turn</source>
        <translation>等待轮次 %1</translation>
    </message>
    <message>
        <source>waited %1 for a free worker</source>
        <translation>等待空闲工作线程 %1</translation>
    </message>
    <message>
        <source>running on %1 for %2</source>
        <translation>在%1上运行 %2</translation>
    </message>
    <message>
        <source>blocked %1 for %2: the thread is held and does nothing</source>
        <translation>阻塞%1 %2：线程被占用却什么也不做</translation>
    </message>
    <message>
        <source>parked on a timer for %1: no thread is held</source>
        <translation>在定时器上挂起 %1：不占用任何线程</translation>
    </message>
    <message>
        <source>(still going)</source>
        <translation>（仍在进行）</translation>
    </message>
    <message>
        <source>waited %1, in flight for %2</source>
        <translation>等待 %1，已进行 %2</translation>
    </message>
    <message>
        <source>status %1: waited %2, handled %3</source>
        <translation>状态 %1：等待 %2，处理 %3</translation>
    </message>
    <message>
        <source>the client left before an answer</source>
        <translation>客户端在得到响应前已离开</translation>
    </message>
    <message>
        <source>Export Timeline as &amp;Trace…</source>
        <translation>将时间线导出为跟踪文件(&amp;T)…</translation>
    </message>
    <message>
        <source>Save the timeline shown as a trace that Perfetto or chrome://tracing opens</source>
        <translation>把显示的时间线保存为 Perfetto 或 chrome://tracing 能打开的跟踪文件</translation>
    </message>
    <message>
        <source>Export Timeline as Trace</source>
        <translation>将时间线导出为跟踪文件</translation>
    </message>
    <message>
        <source>Trace Event files (*.json)</source>
        <translation>Trace Event 文件 (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Saved the last %1 s of the timeline to %2; open it in ui.perfetto.dev</source>
        <translation>已将时间线最近 %1 秒保存到 %2；可在 ui.perfetto.dev 中打开</translation>
    </message>
    <message>
        <source>its response went out for %1, as fast as the client read it</source>
        <translation>它的响应用了 %1 发出，取决于客户端读取的速度</translation>
    </message>
    <message>
        <source>reading, parsing, writing</source>
        <translation>读取、解析、写出</translation>
    </message>
    <message>
        <source>the server thread read and parsed its head in %1</source>
        <translation>服务器线程用 %1 读取并解析了它的请求头</translation>
    </message>
    <message>
        <source>the server thread wrote its response in %1</source>
        <translation>服务器线程用 %1 写出了它的响应</translation>
    </message>
    <message>
        <source>← %1 older requests, drawn as totals</source>
        <translation>← 更早的 %1 个请求，按合计绘制</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Open in &amp;Browser</source>
        <translation>在浏览器中打开(&amp;B)</translation>
    </message>
    <message>
        <source>ServeScope</source>
        <translation>ServeScope</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Mode: %1</source>
        <translation>模式：%1</translation>
    </message>
    <message>
        <source>Connections: %1</source>
        <translation>连接：%1</translation>
    </message>
    <message>
        <source>Sleeping: %1</source>
        <translation>休眠中：%1</translation>
    </message>
    <message>
        <source>&amp;Hide ServeScope</source>
        <translation>隐藏 ServeScope(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Show ServeScope</source>
        <translation>显示 ServeScope(&amp;S)</translation>
    </message>
</context>
<context>
    <name>WaterfallWidget</name>
    <message>
        <source>Request waterfall: one row per request, its waits and its work</source>
        <translation>请求瀑布图：每个请求一行，显示它的等待和处理</translation>
    </message>
    <message>
        <source>No requests yet. Open the page in a browser, or run a burst.</source>
        <translation>还没有请求。在浏览器中打开页面，或运行一次突发测试。</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>unread in the kernel</source>
        <translation>在内核中未读取</translation>
    </message>
    <message>
        <source>waiting: turn or worker</source>
        <translation>等待：轮次或工作线程</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>blocked: thread held</source>
        <translation>阻塞：线程被占用</translation>
    </message>
    <message>
        <source>parked: no thread</source>
        <translation>挂起：无线程</translation>
    </message>
    <message>
        <source>the client&apos;s wait (burst)</source>
        <translation>客户端的等待（突发测试）</translation>
    </message>
    <message>
        <source>the client waited %1 for it (connect to response)</source>
        <translation>客户端为它等待了 %1（从连接到响应）</translation>
    </message>
    <message>
        <source>the client gave up after %1</source>
        <translation>客户端在 %1 后放弃</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
</context>
<context>
    <name>WrkRun</name>
    <message>
        <source>wrk did not finish in time and was killed</source>
        <translation>wrk 未能及时结束，已被终止</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>wrk exited with code %1: %2</source>
        <translation>wrk 退出，代码 %1：%2</translation>
    </message>
    <message>
        <source>no Requests/sec in wrk&apos;s output: %1</source>
        <translation>wrk 的输出中没有 Requests/sec：%1</translation>
    </message>
</context>
</TS>
