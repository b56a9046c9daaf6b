/// @file One connection of the HTTP server (HttpServer::Impl::Session, see
/// http_server_detail.hpp): reads a request with Beast, checks its framing, runs the handler
/// (on the worker pool when heavy) and writes the response as a hand-made head plus the body.
#include "http_server_detail.hpp"

#include <assetmap/serve/url.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include <array>
#include <cstring>
#include <ctime>

namespace assetmap::serve {

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

}  // namespace

namespace http_detail {

bool safe_field(std::string_view name, std::string_view value) {
    if (name.empty()) return false;
    for (char c : name)
        if (c <= ' ' || c == ':' || c == 0x7f) return false;
    for (char c : value)
        if (c == '\r' || c == '\n' || c == '\0') return false;
    return true;
}

}  // namespace http_detail

using http_detail::safe_field;

HttpServer::Impl::Session::Session(Impl& server, Loop& loop, tcp::socket socket)
    : srv_(server), loop_(loop), socket_(std::move(socket)) {
    error_code ec;
    const auto ep = socket_.remote_endpoint(ec);
    remote_ = ec ? "-" : ep.address().to_string();
    socket_.set_option(tcp::no_delay(true), ec);
}

HttpServer::Impl::Session::~Session() { srv_.connection_closed(); }

void HttpServer::Impl::Session::start() {
    loop_.sessions.push_back(weak_from_this());
    read_request();
}

void HttpServer::Impl::Session::check(Clock::time_point now) {
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

void HttpServer::Impl::Session::stop_if_idle() {
    if (state_ == State::reading) {
        idle_expired_ = true;
        error_code ec;
        socket_.cancel(ec);
    }
}

void HttpServer::Impl::Session::read_request() {
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

void HttpServer::Impl::Session::refuse(unsigned status, const std::string& message,
                                       const std::string& note) {
    Request r;
    r.version = 11;
    r.method_text = "-";
    entry_ = {};
    entry_.method = "-";
    entry_.note = note;
    respond(r, error_response(status, message), false);
}

void HttpServer::Impl::Session::on_read(error_code ec) {
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

void HttpServer::Impl::Session::dispatch(Request req, bool keep_alive) {
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

Response HttpServer::Impl::Session::handle(const Request& req, std::string* note) {
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

void HttpServer::Impl::Session::respond(const Request& req, Response res, bool keep_alive) {
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

void HttpServer::Impl::Session::on_write(error_code ec, bool keep_alive) {
    entry_.micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0_).count();
    srv_.log(entry_);
    response_ = {};
    if (ec || !keep_alive || state_ == State::closed) return close();
    read_request();
}

void HttpServer::Impl::Session::close() {
    if (state_ == State::closed) return;
    state_ = State::closed;
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
}

}  // namespace assetmap::serve
