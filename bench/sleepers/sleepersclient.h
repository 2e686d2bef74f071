#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

struct in_addr;

/*!
    A load client for the sleeps target of bench/compare.py: N connections, one request each
    (GET /sleep?ms=M, Connection: close), driven by non-blocking sockets on one thread. It
    reads every response to its end and times each one, connect() to last byte. Plain C++17
    and Linux system calls, so its own cost is small beside the server it measures.
*/
class SleepersClient
{
public:
    using Clock = std::chrono::steady_clock;

    struct Options
    {
        int count = 10000;
        int sleepMs = 2000;
        std::string host = "127.0.0.1";
        uint16_t port = 7878;
        /*! Source addresses 127.0.0.2 upwards, one per connection in turn; 0: the kernel's. */
        int sources = 4;
        /*! Connections started per second; 0: all at once, as fast as connect() returns. */
        double rate = 0;
        /*! The whole run ends after this many seconds, whatever is still open. */
        double timeoutSeconds = 60;
    };

    struct Result
    {
        int ok = 0; ///< complete responses with status 200
        int otherStatus = 0; ///< complete responses with any other status
        int errors = 0; ///< failed connects, resets, connections closed before the end
        int timeouts = 0; ///< not finished (or not started) when the timeout struck
        double wallSeconds = 0; ///< first connect() to the last finished response
        double connectsIssuedSeconds = 0; ///< first connect() to the last one
        std::vector<double> latencyMs; ///< per complete response, connect() to last byte
        std::vector<double> connectMs; ///< per connection, connect() to its first byte sent
    };

    explicit SleepersClient(Options options);
    ~SleepersClient();
    SleepersClient(const SleepersClient &) = delete;
    SleepersClient &operator=(const SleepersClient &) = delete;

    /*! Runs to the end or the timeout; false (with why) only when it could not start. */
    bool run(std::string *error);
    const Result &result() const { return m_result; }

private:
    enum class State { Idle, Connecting, Sending, Reading, Done };

    struct Connection
    {
        int fd = -1;
        State state = State::Idle;
        Clock::time_point started;
        size_t sent = 0;
        std::string head; ///< the response head, kept until its blank line
        int status = 0;
        long long bodyLeft = -1; ///< -1: no Content-Length, the body ends at EOF
    };

    void startNext(const in_addr &target);
    void onEvent(size_t index, uint32_t events);
    void onWritable(Connection &connection);
    void onReadable(Connection &connection);
    bool parseHead(Connection &connection, size_t headEnd);
    void finish(Connection &connection);
    void fail(Connection &connection);
    void close(Connection &connection);

    Options m_options;
    std::string m_request;
    std::vector<Connection> m_connections;
    size_t m_started = 0;
    size_t m_finished = 0;
    int m_queue = -1;
    Clock::time_point m_firstConnect;
    Clock::time_point m_lastFinish;
    Result m_result;
};
