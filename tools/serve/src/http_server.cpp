// The HTTP/1.1 server on Boost.Asio/Beast: with http_session.cpp, the only translation units
// of assetmap that include Beast (it compiles slowly).
//
// Design (as nginx's workers, in threads): one event loop (io_context) per thread, each
// connection bound to one loop for its life, so a request never hops between threads and no
// strand or lock is taken on the hot path. An idle keep-alive connection is a pending
// asynchronous read: it holds no thread. Time caps are deadlines checked by one sweeper per
// loop a few times a second, not a timer per request. Beast parses requests; responses are
// written as a hand-made head plus the body (two buffers, one writev).
//
// This file holds the server (HttpServer and its Impl: listening, accepting, the loops'
// sweepers, the graceful stop); http_session.cpp holds a connection's requests.
#include "http_server_detail.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <csignal>
#include <pthread.h>

namespace assetmap::serve {

using http_detail::safe_field;

HttpServer::Impl::Impl(const Handler& h, ServerOptions o) : handler(h), opt(std::move(o)) {
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

void HttpServer::Impl::listen() {
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
