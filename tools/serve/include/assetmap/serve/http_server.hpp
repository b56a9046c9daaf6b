#pragma once
/// @file The HTTP/1.1 server: Boost.Asio/Beast behind a pimpl (http_server.cpp and
/// http_session.cpp are the only translation units that include Beast). One io_context runs on N threads with asynchronous
/// accept, read and write, so idle keep-alive connections hold no thread; handlers marked
/// heavy (rendering, walking searches, large feature pages) run on a separate bounded worker
/// pool so that they never hold up cheap requests.

#include <assetmap/core/error.hpp>
#include <assetmap/serve/http_types.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace assetmap::serve {

/// The server cannot listen on its address and port (in use, not permitted, bad address).
class listen_error : public io_error {
public:
    using io_error::io_error;
};

/// Answers requests. Called concurrently from several threads: implementations must be
/// thread-safe. Exceptions escaping handle() become a 500 with a generic message (the
/// exception text goes to the access log only).
class Handler {
public:
    virtual ~Handler() = default;
    /// The response to one request (HEAD is answered as GET; the server drops the body).
    virtual Response handle(const Request& request) const = 0;
    /// True when the request may take long (milliseconds or more): it then runs on the
    /// worker pool, bounded by ServerOptions::max_queued and request_timeout.
    virtual bool heavy(const Request& request) const { return false; }
    /// Header lines sent with every response, each "Name: value\r\n" (e.g. CORS); built
    /// once by the handler, appended verbatim by the server.
    virtual const std::string& common_headers() const {
        static const std::string none;
        return none;
    }
};

/// A response header a handler may set to pass a note to the access log (e.g. why a 500
/// happened); the server removes it before sending.
inline constexpr const char* internal_note_header = "X-Assetmap-Note";

/// One line of the access log.
struct AccessLogEntry {
    std::string remote;        ///< client address
    std::string method;        ///< as sent ("-" when the request line could not be read)
    std::string target;        ///< as sent, cut to 512 bytes
    unsigned status = 0;
    std::size_t bytes = 0;     ///< body bytes sent
    std::int64_t micros = 0;   ///< from the request read to the response written, µs
    std::string note;          ///< why a 5xx or a refused request happened (never sent)
};

/// Limits and sizes. Defaults are what `assetmap serve` uses.
struct ServerOptions {
    std::string bind = "127.0.0.1";  ///< IPv4 or IPv6 address to listen on
    unsigned short port = 8080;      ///< 0 = any free port (see HttpServer::port)
    unsigned threads = 2;            ///< io_context threads (accept, parse, cheap handlers)
    unsigned workers = 2;            ///< worker-pool threads for heavy handlers
    std::size_t max_target_bytes = 4096;    ///< longer request target → 414
    std::size_t max_header_bytes = 16384;   ///< request line + header fields → 431 beyond
    std::size_t max_body_bytes = 1 << 20;   ///< larger body → 413
    std::size_t max_connections = 1024;     ///< more open connections → 503 and close
    std::size_t max_queued = 256;           ///< heavy requests waiting → 503 beyond
    /// A request must arrive whole within this time of its first byte being awaited on a new
    /// connection (slow senders are cut off: 408).
    std::chrono::milliseconds header_timeout{10000};
    /// An idle keep-alive connection is closed after this time.
    std::chrono::milliseconds idle_timeout{30000};
    /// Writing one response must finish within this time.
    std::chrono::milliseconds write_timeout{30000};
    /// A heavy request not started within this time of its arrival gets 503.
    std::chrono::milliseconds request_timeout{10000};
    /// Graceful stop: connections still busy after this time are closed.
    std::chrono::milliseconds stop_grace{10000};
    /// Called once per request from the thread that wrote the response; empty = no log.
    std::function<void(const AccessLogEntry&)> access_log;
};

/// An HTTP server for one Handler (which must outlive it).
class HttpServer {
public:
    /// Binds and listens (no thread started yet). Throws listen_error naming the address
    /// and the reason (e.g. "127.0.0.1:8080: address already in use; choose another --port").
    HttpServer(const Handler& handler, ServerOptions options);
    ~HttpServer();  ///< stops and joins
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// The port listened on (the one chosen when ServerOptions::port was 0).
    unsigned short port() const;
    /// Starts the io and worker threads; returns at once.
    void start();
    /// Graceful stop, callable from any thread (and from a signal watcher): stops accepting,
    /// closes idle keep-alive connections, lets requests in flight finish and be written
    /// (with `Connection: close`), then the threads end. Returns at once; wait() joins.
    void stop();
    /// Blocks until every thread has ended (after stop()).
    void wait();
    /// start(), then blocks until SIGINT or SIGTERM, then stop() and wait(). Returns the
    /// signal number.
    int run_until_signal();

    /// Connections open now (for tests and /healthz).
    std::size_t open_connections() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::serve
