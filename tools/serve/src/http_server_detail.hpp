#pragma once
/// @file Internal to HttpServer: the server's state behind the pimpl (HttpServer::Impl: the
/// event loops, the acceptor, the worker pool; http_server.cpp) and one connection
/// (HttpServer::Impl::Session: reading, dispatching and writing its requests;
/// http_session.cpp). Includes Asio and Beast: only those two files include it.

#include <assetmap/serve/http_server.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace assetmap::serve {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using error_code = boost::system::error_code;

namespace http_detail {

/// A header line is written only when its name is a token and its value has no CR/LF.
bool safe_field(std::string_view name, std::string_view value);

}  // namespace http_detail

struct HttpServer::Impl {
    class Session;

    /// One event loop and the connections bound to it (touched only on its thread).
    struct Loop {
        net::io_context ioc{1};
        std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
        net::steady_timer sweeper{ioc};
        std::vector<std::weak_ptr<Session>> sessions;
    };

    const Handler& handler;
    ServerOptions opt;
    std::vector<std::unique_ptr<Loop>> loops;
    std::unique_ptr<tcp::acceptor> acceptor;
    std::size_t next_loop = 0;
    std::unique_ptr<net::thread_pool> workers;
    std::vector<std::thread> threads;
    std::thread watchdog;
    std::string common_headers;  ///< the handler's, checked once
    std::atomic<bool> started{false};
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> connections{0};
    std::atomic<std::size_t> queued{0};
    std::mutex mu;  // with cv: the watchdog waits for the last connection to close
    std::condition_variable cv;
    Clock::duration sweep_period{};

    Impl(const Handler& h, ServerOptions o);

    void listen();

    void do_accept();
    void sweep(Loop& loop);

    void log(const AccessLogEntry& e) const {
        if (!opt.access_log) return;
        try {
            opt.access_log(e);
        } catch (...) {
        }
    }

    void connection_closed() {
        std::lock_guard<std::mutex> lk(mu);
        connections.fetch_sub(1);
        cv.notify_all();
    }

    void begin_stop();
};

class HttpServer::Impl::Session : public std::enable_shared_from_this<Session> {
public:
    Session(Impl& server, Loop& loop, tcp::socket socket);
    ~Session();

    /// On the loop's thread: registers and waits for the first request.
    void start();

    /// On the loop's thread, a few times a second: enforces the deadlines.
    void check(Clock::time_point now);

    /// On the loop's thread, at a graceful stop: a connection that is not handling or
    /// writing a request is closed now.
    void stop_if_idle();

private:
    enum class State { reading, handling, writing, closed };

    Impl& srv_;
    Loop& loop_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::string remote_;
    State state_ = State::reading;
    bool first_ = true;
    bool saw_bytes_ = false, timed_out_ = false, idle_expired_ = false;
    Clock::time_point deadline_;

    // The response being written and what the log line needs.
    Response response_;
    std::string head_;
    AccessLogEntry entry_;
    Clock::time_point t0_;

    void read_request();

    /// True when the request line itself never completed (the parser sets the target as soon
    /// as it has read the whole line; the buffer no longer holds the consumed part).
    bool request_line_unfinished() const { return parser_->get().target().empty(); }

    void refuse(unsigned status, const std::string& message, const std::string& note);
    void on_read(error_code ec);
    void dispatch(Request req, bool keep_alive);

    /// Runs the handler; an exception becomes a generic 500 (its text only in the log).
    Response handle(const Request& req, std::string* note = nullptr);

    void respond(const Request& req, Response res, bool keep_alive);
    void on_write(error_code ec, bool keep_alive);
    void close();
};

}  // namespace assetmap::serve
