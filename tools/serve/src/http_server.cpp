// The HTTP/1.1 server on Boost.Asio/Beast: the only translation unit of assetmap that
// includes Beast (it compiles slowly). Connections are sessions on their own strand: an idle
// keep-alive connection waits in an asynchronous read and holds no thread.
#include <assetmap/serve/http_server.hpp>
#include <assetmap/serve/url.hpp>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <ctime>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <thread>
#include <unordered_map>

namespace assetmap::serve {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

/// The IMF-fixdate of now, cached per second and per thread.
const std::string& http_date() {
    thread_local std::time_t last = 0;
    thread_local std::string text;
    const std::time_t now = std::time(nullptr);
    if (now != last) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        char buf[64];
        std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        text = buf;
        last = now;
    }
    return text;
}

Method method_of(http::verb v) {
    switch (v) {
    case http::verb::get: return Method::get;
    case http::verb::head: return Method::head;
    case http::verb::options: return Method::options;
    case http::verb::post: return Method::post;
    case http::verb::put: return Method::put;
    case http::verb::patch: return Method::patch;
    case http::verb::delete_: return Method::del;
    default: return Method::other;
    }
}

/// Statuses after which the connection is closed: the request framing may be broken.
bool closes_connection(unsigned status) {
    return status == 400 || status == 408 || status == 413 || status == 414 ||
           status == 431 || status == 505;
}

std::string str(beast::string_view v) { return std::string(v.data(), v.size()); }

std::string lower(beast::string_view s) {
    std::string out = str(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

}  // namespace

struct HttpServer::Impl {
    class Session;

    const Handler& handler;
    ServerOptions opt;
    net::io_context ioc;
    tcp::acceptor acceptor{ioc};
    std::unique_ptr<net::thread_pool> workers;
    /// Keeps the io threads running while only the worker pool has work (a heavy request
    /// in flight during a graceful stop); the watchdog stops the io_context at the end.
    std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
    std::vector<std::thread> threads;
    std::thread watchdog;
    std::atomic<bool> started{false};
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> connections{0};
    std::atomic<std::size_t> queued{0};
    std::mutex mu;  // guards sessions; with cv: the watchdog waits for the last connection
    std::condition_variable cv;
    std::unordered_map<const void*, std::weak_ptr<Session>> sessions;

    Impl(const Handler& h, ServerOptions o) : handler(h), opt(std::move(o)) {}

    void listen() {
        const std::string where = opt.bind + ":" + std::to_string(opt.port);
        beast::error_code ec;
        const auto address = net::ip::make_address(opt.bind, ec);
        if (ec)
            throw listen_error(where + ": '" + opt.bind +
                               "' is not an IP address; use e.g. --bind 127.0.0.1 or 0.0.0.0");
        const tcp::endpoint endpoint(address, opt.port);
        auto fail = [&](const char* step) {
            std::string fix = ec == net::error::address_in_use
                                  ? "; another program listens there: choose another --port"
                              : ec == net::error::access_denied
                                  ? "; ports below 1024 need privileges: choose --port 8080"
                                  : "";
            throw listen_error(where + ": cannot " + step + " (" + ec.message() + ")" + fix);
        };
        acceptor.open(endpoint.protocol(), ec);
        if (ec) fail("open a socket");
        acceptor.set_option(net::socket_base::reuse_address(true), ec);
        acceptor.bind(endpoint, ec);
        if (ec) fail("listen");
        acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (ec) fail("listen");
    }

    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);

    void log(const AccessLogEntry& e) const {
        if (!opt.access_log) return;
        try {
            opt.access_log(e);
        } catch (...) {
        }
    }

    void connection_closed(const void* key) {
        std::lock_guard<std::mutex> lk(mu);
        sessions.erase(key);
        connections.fetch_sub(1);
        cv.notify_all();
    }

    void begin_stop();
};

class HttpServer::Impl::Session : public std::enable_shared_from_this<Session> {
public:
    Session(Impl& server, tcp::socket socket)
        : srv_(server), stream_(std::move(socket)), header_timer_(stream_.get_executor()) {
        beast::error_code ec;
        const auto ep = stream_.socket().remote_endpoint(ec);
        remote_ = ec ? "-" : ep.address().to_string();
        stream_.socket().set_option(tcp::no_delay(true), ec);
    }
    ~Session() { srv_.connection_closed(this); }

    void start() {
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&Session::wait_for_request, shared_from_this()));
    }

    /// Called on the session's strand by a graceful stop: a connection that is not
    /// handling or writing a request is closed now.
    void stop_if_idle() {
        if (state_ == State::waiting || state_ == State::reading) stream_.cancel();
    }

    beast::tcp_stream::executor_type executor() { return stream_.get_executor(); }

private:
    enum class State { waiting, reading, handling, writing, closed };

    Impl& srv_;
    beast::tcp_stream stream_;
    net::steady_timer header_timer_;  ///< time cap of one request's arrival (→ 408)
    bool timed_out_ = false;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::string remote_;
    State state_ = State::waiting;
    bool first_ = true;

    // The response being written, and what the log line needs.
    Response response_;
    http::response<http::span_body<const char>> message_;
    AccessLogEntry entry_;
    Clock::time_point t0_;

    /// Waits for the first byte of the next request (idle keep-alive), unless it is already
    /// buffered (pipelining).
    void wait_for_request() {
        if (srv_.stopping && !first_) return close();
        if (buffer_.size() > 0) return read_request();
        state_ = State::waiting;
        stream_.expires_after(first_ ? srv_.opt.header_timeout : srv_.opt.idle_timeout);
        stream_.async_read_some(
            buffer_.prepare(4096),
            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                if (ec) return self->close();
                self->buffer_.commit(n);
                self->read_request();
            });
    }

    void read_request() {
        state_ = State::reading;
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(srv_.opt.max_header_bytes));
        parser_->body_limit(srv_.opt.max_body_bytes);
        // Our own timer rather than the stream's expiry: the stream would close the socket,
        // and a slow sender is owed a 408 before the close.
        stream_.expires_never();
        timed_out_ = false;
        header_timer_.expires_after(srv_.opt.header_timeout);
        header_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || self->state_ != State::reading) return;
            self->timed_out_ = true;
            beast::error_code ignored;
            self->stream_.socket().cancel(ignored);
        });
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    /// True when the request line itself never completed (the parser sets the target as soon
    /// as it has read the whole line; the buffer no longer holds the consumed part).
    bool request_line_unfinished() const { return parser_->get().target().empty(); }

    void refuse(unsigned status, const std::string& message, const std::string& note) {
        Request r;
        r.version = 11;
        r.method_text = "-";
        entry_ = {};
        entry_.method = "-";
        entry_.note = note;
        respond(r, error_response(status, message), false);
    }

    void on_read(beast::error_code ec, std::size_t) {
        header_timer_.cancel();
        t0_ = Clock::now();
        first_ = false;
        if (timed_out_ && !srv_.stopping)
            return refuse(408, "the request did not arrive in time", "request read timed out");
        if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
            ec == net::error::connection_reset || ec == net::error::eof)
            return close();
        if (ec == beast::error::timeout)
            return refuse(408, "the request did not arrive in time", "request read timed out");
        if (ec == http::error::header_limit) {
            if (request_line_unfinished())
                return refuse(414, "the request line is too long", "request line too long");
            return refuse(431, "the request header fields are too large",
                          "header fields too large");
        }
        if (ec == http::error::body_limit)
            return refuse(413, "the request body is too large", "body too large");
        if (ec == http::error::bad_version)
            return refuse(505, "only HTTP/1.0 and HTTP/1.1 are supported", "bad version");
        if (ec) return refuse(400, "malformed HTTP request", "parse error: " + ec.message());

        auto& msg = parser_->get();
        Request req;
        req.method = method_of(msg.method());
        req.method_text = str(msg.method_string());
        req.target = str(msg.target());
        req.version = msg.version();
        req.remote = remote_;
        entry_ = {};
        entry_.method = req.method_text;
        entry_.target = req.target.substr(0, 512);
        if (req.version != 10 && req.version != 11)
            return respond(req, error_response(505, "only HTTP/1.0 and HTTP/1.1 are supported"),
                           false);
        for (const auto& f : msg) req.headers.emplace_back(lower(f.name_string()), str(f.value()));
        req.body = std::move(msg.body());
        const bool keep_alive = msg.keep_alive();

        if (req.target.size() > srv_.opt.max_target_bytes)
            return respond(req, error_response(414, "the request target is too long"), false);
        std::size_t hosts = 0;
        for (const auto& h : req.headers) hosts += h.first == "host";
        if (hosts > 1 || (req.version == 11 && hosts == 0))
            return respond(req,
                           error_response(400, "an HTTP/1.1 request needs exactly one Host "
                                               "header field"),
                           false);
        auto target = parse_target(req.target);
        if (!target)
            return respond(req,
                           error_response(400, "malformed request target (bad escape, control "
                                               "character, backslash or dot segment)"),
                           false);
        req.path = std::move(target->path);
        req.query = std::move(target->query);
        dispatch(std::move(req), keep_alive);
    }

    void dispatch(Request req, bool keep_alive) {
        state_ = State::handling;
        bool heavy = false;
        try {
            heavy = srv_.handler.heavy(req);
        } catch (...) {
        }
        if (!heavy) return respond(req, handle(req), keep_alive);
        if (srv_.queued.fetch_add(1) >= srv_.opt.max_queued) {
            srv_.queued.fetch_sub(1);
            entry_.note = "worker queue full";
            return respond(req, error_response(503, "the server is busy; try again shortly"),
                           keep_alive);
        }
        const auto deadline = t0_ + srv_.opt.request_timeout;
        net::post(*srv_.workers, [self = shared_from_this(), req = std::move(req), keep_alive,
                                  deadline]() mutable {
            self->srv_.queued.fetch_sub(1);
            Response res;
            if (Clock::now() > deadline) {
                self->entry_.note = "waited past the request time cap";
                res = error_response(503, "the server is busy; try again shortly");
            } else {
                res = self->handle(req);
            }
            net::post(self->executor(), [self, req = std::move(req), res = std::move(res),
                                         keep_alive]() mutable {
                self->respond(req, std::move(res), keep_alive);
            });
        });
    }

    Response handle(const Request& req) {
        try {
            return srv_.handler.handle(req);
        } catch (const std::exception& e) {
            entry_.note = e.what();
        } catch (...) {
            entry_.note = "unknown exception";
        }
        return error_response(500, "internal error; the server log has the details");
    }

    void respond(const Request& req, Response res, bool keep_alive) {
        if (state_ == State::closed) return;
        state_ = State::writing;
        keep_alive = keep_alive && !srv_.stopping && !closes_connection(res.status);
        response_ = std::move(res);
        const std::string_view body = response_.payload();
        const bool bodiless = response_.status == 204 || response_.status == 304 ||
                              (response_.status >= 100 && response_.status < 200);

        message_ = {};
        message_.version(req.version == 10 ? 10 : 11);
        message_.result(response_.status);
        message_.set(http::field::server, "assetmap/" ASSETMAP_VERSION);
        message_.set(http::field::date, http_date());
        if (!response_.content_type.empty() && !bodiless)
            message_.set(http::field::content_type, response_.content_type);
        for (const auto& [name, value] : response_.headers) {
            if (beast::iequals(name, internal_note_header)) {
                entry_.note = value;
                continue;
            }
            message_.set(name, value);
        }
        message_.keep_alive(keep_alive);
        if (!bodiless) message_.content_length(body.size());
        if (req.method != Method::head && !bodiless)
            message_.body() = http::span_body<const char>::value_type(body.data(), body.size());

        entry_.remote = remote_;
        entry_.status = response_.status;
        entry_.bytes = (req.method == Method::head || bodiless) ? 0 : body.size();
        stream_.expires_after(srv_.opt.write_timeout);
        http::async_write(stream_, message_,
                          [self = shared_from_this(), keep_alive](beast::error_code ec,
                                                                  std::size_t) {
                              self->on_write(ec, keep_alive);
                          });
    }

    void on_write(beast::error_code ec, bool keep_alive) {
        entry_.micros =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0_).count();
        srv_.log(entry_);
        response_ = {};
        message_ = {};
        if (ec || !keep_alive) return close();
        wait_for_request();
    }

    void close() {
        if (state_ == State::closed) return;
        state_ = State::closed;
        header_timer_.cancel();
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }
};

void HttpServer::Impl::do_accept() {
    acceptor.async_accept(net::make_strand(ioc), beast::bind_front_handler(&Impl::on_accept, this));
}

void HttpServer::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
    if (stopping || !acceptor.is_open()) return;
    if (!ec) {
        if (connections.load() >= opt.max_connections) {
            // Over the cap: a short 503 written without waiting, then close.
            static const char busy[] =
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                "Connection: close\r\nContent-Length: 76\r\n\r\n"
                "{\"status\":503,\"error\":\"service_unavailable\",\"message\":\"too many connections\"}";
            beast::error_code ignored;
            socket.non_blocking(true, ignored);
            socket.write_some(net::buffer(busy, sizeof busy - 1), ignored);
            socket.shutdown(tcp::socket::shutdown_both, ignored);
            socket.close(ignored);
            AccessLogEntry e;
            e.method = "-";
            e.status = 503;
            e.note = "connection cap reached";
            log(e);
        } else {
            connections.fetch_add(1);
            auto session = std::make_shared<Session>(*this, std::move(socket));
            {
                std::lock_guard<std::mutex> lk(mu);
                sessions[session.get()] = session;
            }
            session->start();
        }
    }
    do_accept();
}

void HttpServer::Impl::begin_stop() {
    if (stopping.exchange(true)) return;
    net::post(ioc, [this] {
        beast::error_code ec;
        acceptor.close(ec);
        std::vector<std::shared_ptr<Session>> live;
        {
            std::lock_guard<std::mutex> lk(mu);
            for (auto& [key, weak] : sessions)
                if (auto s = weak.lock()) live.push_back(std::move(s));
        }
        for (auto& s : live) net::post(s->executor(), [s] { s->stop_if_idle(); });
    });
    // The watchdog ends the io threads once the last connection is gone, or after the grace.
    watchdog = std::thread([this] {
        std::unique_lock<std::mutex> lk(mu);
        cv.wait_for(lk, opt.stop_grace, [this] { return connections.load() == 0; });
        lk.unlock();
        net::post(ioc, [this] { work.reset(); });
        ioc.stop();
    });
}

HttpServer::HttpServer(const Handler& handler, ServerOptions options)
    : impl_(std::make_unique<Impl>(handler, std::move(options))) {
    if (impl_->opt.threads == 0) impl_->opt.threads = 1;
    if (impl_->opt.workers == 0) impl_->opt.workers = 1;
    impl_->listen();
}

HttpServer::~HttpServer() {
    stop();
    wait();
}

unsigned short HttpServer::port() const {
    beast::error_code ec;
    const auto ep = impl_->acceptor.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

std::size_t HttpServer::open_connections() const { return impl_->connections.load(); }

void HttpServer::start() {
    if (impl_->started.exchange(true)) return;
    impl_->workers = std::make_unique<net::thread_pool>(impl_->opt.workers);
    impl_->work.emplace(impl_->ioc.get_executor());
    impl_->do_accept();
    for (unsigned i = 0; i < impl_->opt.threads; ++i)
        impl_->threads.emplace_back([this] {
            for (;;) {
                try {
                    impl_->ioc.run();
                    return;
                } catch (...) {
                    // A handler threw past its own guards: keep serving the others.
                }
            }
        });
}

void HttpServer::stop() {
    if (!impl_->started) {
        beast::error_code ec;
        impl_->acceptor.close(ec);
        return;
    }
    impl_->begin_stop();
}

void HttpServer::wait() {
    if (!impl_->started) return;
    for (auto& t : impl_->threads)
        if (t.joinable()) t.join();
    if (impl_->watchdog.joinable()) impl_->watchdog.join();
    if (impl_->workers) impl_->workers->join();
}

int HttpServer::run_until_signal() {
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    // Every thread started from here inherits the mask: only sigwait below sees the signals.
    pthread_sigmask(SIG_BLOCK, &set, &old);
    start();
    int sig = 0;
    sigwait(&set, &sig);
    stop();
    wait();
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return sig;
}

}  // namespace assetmap::serve
