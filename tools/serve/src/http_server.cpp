// The HTTP/1.1 server on Boost.Asio/Beast: the only translation unit of assetmap that
// includes Beast (it compiles slowly).
//
// Design (as nginx's workers, in threads): one event loop (io_context) per thread, each
// connection bound to one loop for its life, so a request never hops between threads and no
// strand or lock is taken on the hot path. An idle keep-alive connection is a pending
// asynchronous read: it holds no thread. Time caps are deadlines checked by one sweeper per
// loop a few times a second, not a timer per request. Beast parses requests; responses are
// written as a hand-made head plus the body (two buffers, one writev).
#include <assetmap/serve/http_server.hpp>
#include <assetmap/serve/url.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <ctime>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <thread>

namespace assetmap::serve {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using error_code = boost::system::error_code;

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

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

/// A header line is written only when its name is a token and its value has no CR/LF.
bool safe_field(std::string_view name, std::string_view value) {
    if (name.empty()) return false;
    for (char c : name)
        if (c <= ' ' || c == ':' || c == 0x7f) return false;
    for (char c : value)
        if (c == '\r' || c == '\n' || c == '\0') return false;
    return true;
}

}  // namespace

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

    Impl(const Handler& h, ServerOptions o) : handler(h), opt(std::move(o)) {
        // Only well-formed "Name: value\r\n" lines of the handler's block are kept.
        const std::string& block = handler.common_headers();
        std::size_t at = 0;
        while (at < block.size()) {
            const auto end = block.find("\r\n", at);
            if (end == std::string::npos) break;
            const std::string_view line(block.data() + at, end - at);
            const auto colon = line.find(": ");
            if (colon != std::string_view::npos &&
                safe_field(line.substr(0, colon), line.substr(colon + 2)))
                common_headers.append(line).append("\r\n");
            at = end + 2;
        }
        const unsigned n = std::max(1u, opt.threads);
        for (unsigned i = 0; i < n; ++i) loops.push_back(std::make_unique<Loop>());
        acceptor = std::make_unique<tcp::acceptor>(loops.front()->ioc);
        // Deadlines are checked four times per shortest time cap (10 ms to 250 ms).
        auto shortest = std::min({opt.header_timeout, opt.idle_timeout, opt.write_timeout});
        sweep_period = std::clamp<Clock::duration>(shortest / 4, std::chrono::milliseconds(10),
                                                   std::chrono::milliseconds(250));
    }

    void listen() {
        const std::string where = opt.bind + ":" + std::to_string(opt.port);
        error_code ec;
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
        acceptor->open(endpoint.protocol(), ec);
        if (ec) fail("open a socket");
        acceptor->set_option(net::socket_base::reuse_address(true), ec);
        acceptor->bind(endpoint, ec);
        if (ec) fail("listen");
        acceptor->listen(net::socket_base::max_listen_connections, ec);
        if (ec) fail("listen");
    }

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
    Session(Impl& server, Loop& loop, tcp::socket socket)
        : srv_(server), loop_(loop), socket_(std::move(socket)) {
        error_code ec;
        const auto ep = socket_.remote_endpoint(ec);
        remote_ = ec ? "-" : ep.address().to_string();
        socket_.set_option(tcp::no_delay(true), ec);
    }
    ~Session() { srv_.connection_closed(); }

    /// On the loop's thread: registers and waits for the first request.
    void start() {
        loop_.sessions.push_back(weak_from_this());
        read_request();
    }

    /// On the loop's thread, a few times a second: enforces the deadlines.
    void check(Clock::time_point now) {
        if (state_ == State::reading) {
            if (!saw_bytes_ && (buffer_.size() > 0 || (parser_ && parser_->got_some()))) {
                saw_bytes_ = true;  // a request has begun: it must arrive within the cap
                deadline_ = std::min(deadline_, now + srv_.opt.header_timeout);
            }
            if (now > deadline_) {
                (saw_bytes_ ? timed_out_ : idle_expired_) = true;
                error_code ec;
                socket_.cancel(ec);
            }
        } else if (state_ == State::writing && now > deadline_) {
            close();
        }
    }

    /// On the loop's thread, at a graceful stop: a connection that is not handling or
    /// writing a request is closed now.
    void stop_if_idle() {
        if (state_ == State::reading) {
            idle_expired_ = true;
            error_code ec;
            socket_.cancel(ec);
        }
    }

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

    void read_request() {
        if (srv_.stopping && !first_) return close();
        state_ = State::reading;
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(srv_.opt.max_header_bytes));
        parser_->body_limit(srv_.opt.max_body_bytes);
        saw_bytes_ = buffer_.size() > 0;  // pipelined bytes already here
        timed_out_ = idle_expired_ = false;
        deadline_ = Clock::now() + (first_ || saw_bytes_ ? srv_.opt.header_timeout
                                                         : srv_.opt.idle_timeout);
        http::async_read(socket_, buffer_, *parser_,
                         [self = shared_from_this()](error_code ec, std::size_t) {
                             self->on_read(ec);
                         });
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

    void on_read(error_code ec) {
        t0_ = Clock::now();
        first_ = false;
        if (state_ == State::closed) return;
        if (ec && timed_out_ && !srv_.stopping)
            return refuse(408, "the request did not arrive in time", "request read timed out");
        if ((ec && idle_expired_) || ec == http::error::end_of_stream ||
            ec == net::error::operation_aborted || ec == net::error::connection_reset ||
            ec == net::error::eof)
            return close();
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
        req.headers.reserve(8);
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
            std::string note;
            if (Clock::now() > deadline) {
                note = "waited past the request time cap";
                res = error_response(503, "the server is busy; try again shortly");
            } else {
                res = self->handle(req, &note);
            }
            auto& ioc = self->loop_.ioc;
            net::post(ioc, [self = std::move(self), req = std::move(req), res = std::move(res),
                            note = std::move(note), keep_alive]() mutable {
                if (!note.empty()) self->entry_.note = std::move(note);
                self->respond(req, std::move(res), keep_alive);
            });
        });
    }

    /// Runs the handler; an exception becomes a generic 500 (its text only in the log).
    Response handle(const Request& req, std::string* note = nullptr) {
        std::string what;
        try {
            return srv_.handler.handle(req);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
            what = "unknown exception";
        }
        if (note)
            *note = what;
        else
            entry_.note = what;
        return error_response(500, "internal error; the server log has the details");
    }

    void respond(const Request& req, Response res, bool keep_alive) {
        if (state_ == State::closed) return;
        state_ = State::writing;
        deadline_ = Clock::now() + srv_.opt.write_timeout;
        keep_alive = keep_alive && !srv_.stopping && !closes_connection(res.status);
        response_ = std::move(res);
        const std::string_view body = response_.payload();
        const unsigned status = response_.status;
        const bool bodiless = status == 204 || status == 304 || (status >= 100 && status < 200);

        head_.clear();
        head_ += req.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
        head_ += std::to_string(status);
        head_ += ' ';
        head_ += reason_phrase(status);
        head_ += "\r\nServer: assetmap/" ASSETMAP_VERSION "\r\nDate: ";
        head_ += http_date();
        head_ += "\r\n";
        if (!response_.content_type.empty() && !bodiless) {
            head_ += "Content-Type: ";
            head_ += response_.content_type;
            head_ += "\r\n";
        }
        for (const auto& [name, value] : response_.headers) {
            if (iequals(name, internal_note_header)) {
                entry_.note = value;
                continue;
            }
            if (!safe_field(name, value)) continue;
            head_ += name;
            head_ += ": ";
            head_ += value;
            head_ += "\r\n";
        }
        head_ += srv_.common_headers;
        if (!bodiless) {
            head_ += "Content-Length: ";
            head_ += std::to_string(body.size());
            head_ += "\r\n";
        }
        if (!keep_alive)
            head_ += "Connection: close\r\n";
        else if (req.version == 10)
            head_ += "Connection: keep-alive\r\n";
        head_ += "\r\n";

        const bool send_body = req.method != Method::head && !bodiless;
        entry_.remote = remote_;
        entry_.status = status;
        entry_.bytes = send_body ? body.size() : 0;
        const std::array<net::const_buffer, 2> buffers = {
            net::buffer(head_), send_body ? net::buffer(body.data(), body.size())
                                          : net::const_buffer()};
        net::async_write(socket_, buffers,
                         [self = shared_from_this(), keep_alive](error_code ec, std::size_t) {
                             self->on_write(ec, keep_alive);
                         });
    }

    void on_write(error_code ec, bool keep_alive) {
        entry_.micros =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0_).count();
        srv_.log(entry_);
        response_ = {};
        if (ec || !keep_alive || state_ == State::closed) return close();
        read_request();
    }

    void close() {
        if (state_ == State::closed) return;
        state_ = State::closed;
        error_code ec;
        socket_.shutdown(tcp::socket::shutdown_both, ec);
        socket_.close(ec);
    }
};

void HttpServer::Impl::do_accept() {
    Loop& target = *loops[next_loop];
    next_loop = (next_loop + 1) % loops.size();
    acceptor->async_accept(target.ioc, [this, &target](error_code ec, tcp::socket socket) {
        if (stopping || !acceptor->is_open()) return;
        if (!ec) {
            if (connections.load() >= opt.max_connections) {
                // Over the cap: a short 503 written without waiting, then close.
                static const char busy[] =
                    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                    "Connection: close\r\nContent-Length: 76\r\n\r\n"
                    "{\"status\":503,\"error\":\"service_unavailable\",\"message\":\"too many connections\"}";
                error_code ignored;
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
                auto session = std::make_shared<Session>(*this, target, std::move(socket));
                net::post(target.ioc, [session] { session->start(); });
            }
        }
        do_accept();
    });
}

void HttpServer::Impl::sweep(Loop& loop) {
    loop.sweeper.expires_after(sweep_period);
    loop.sweeper.async_wait([this, &loop](error_code ec) {
        if (ec) return;
        const auto now = Clock::now();
        auto& list = loop.sessions;
        std::size_t kept = 0;
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (auto s = list[i].lock()) {
                s->check(now);
                if (kept != i) list[kept] = std::move(list[i]);  // (a self-move would empty it)
                ++kept;
            }
        }
        list.resize(kept);
        sweep(loop);
    });
}

void HttpServer::Impl::begin_stop() {
    if (stopping.exchange(true)) return;
    net::post(loops.front()->ioc, [this] {
        error_code ec;
        acceptor->close(ec);
    });
    for (auto& loop : loops) {
        Loop* l = loop.get();
        net::post(l->ioc, [l] {
            l->sweeper.cancel();
            for (auto& weak : l->sessions)
                if (auto s = weak.lock()) s->stop_if_idle();
        });
    }
    // The watchdog ends the loops once the last connection is gone, or after the grace.
    watchdog = std::thread([this] {
        std::unique_lock<std::mutex> lk(mu);
        cv.wait_for(lk, opt.stop_grace, [this] { return connections.load() == 0; });
        lk.unlock();
        for (auto& loop : loops) loop->ioc.stop();
    });
}

HttpServer::HttpServer(const Handler& handler, ServerOptions options)
    : impl_(std::make_unique<Impl>(handler, std::move(options))) {
    if (impl_->opt.workers == 0) impl_->opt.workers = 1;
    impl_->listen();
}

HttpServer::~HttpServer() {
    stop();
    wait();
}

unsigned short HttpServer::port() const {
    error_code ec;
    const auto ep = impl_->acceptor->local_endpoint(ec);
    return ec ? 0 : ep.port();
}

std::size_t HttpServer::open_connections() const { return impl_->connections.load(); }

void HttpServer::start() {
    if (impl_->started.exchange(true)) return;
    impl_->workers = std::make_unique<net::thread_pool>(impl_->opt.workers);
    for (auto& loop : impl_->loops) {
        loop->work.emplace(loop->ioc.get_executor());
        impl_->sweep(*loop);
    }
    impl_->do_accept();
    for (auto& loop : impl_->loops) {
        Impl::Loop* l = loop.get();
        impl_->threads.emplace_back([l] {
            for (;;) {
                try {
                    l->ioc.run();
                    return;
                } catch (...) {
                    // A handler threw past its own guards: keep serving the others.
                }
            }
        });
    }
}

void HttpServer::stop() {
    if (!impl_->started) {
        error_code ec;
        impl_->acceptor->close(ec);
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
