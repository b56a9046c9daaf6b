// The HTTP server core on a free loopback port, driven by a raw-socket client: keep-alive,
// many idle connections, the worker pool, limits, timeouts and graceful stop.
#include <assetmap/serve/http_server.hpp>

#include "http_client.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

using namespace assetmap::serve;
using assetmap::test::HttpReply;
using assetmap::test::RawClient;
using Clock = std::chrono::steady_clock;

namespace {

/// Echoes the path; "/slow" sleeps 400 ms on the worker pool; "/throw" throws.
class TestHandler final : public Handler {
public:
    Response handle(const Request& req) const override {
        ++calls;
        if (req.path == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(400));
        if (req.path == "/throw") throw std::runtime_error("secret /etc/passwd detail");
        Response r;
        r.content_type = "text/plain";
        r.body = "path=" + req.path;
        for (const auto& [k, v] : req.query) r.body += " " + k + "=" + v;
        return r;
    }
    bool heavy(const Request& req) const override { return req.path == "/slow"; }
    mutable std::atomic<int> calls{0};
};

struct LogSink {
    std::mutex mu;
    std::vector<AccessLogEntry> lines;
    std::function<void(const AccessLogEntry&)> fn() {
        return [this](const AccessLogEntry& e) {
            std::lock_guard<std::mutex> lk(mu);
            lines.push_back(e);
        };
    }
};

ServerOptions test_options() {
    ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.workers = 1;
    return o;
}

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

TEST_CASE("GET, HEAD and keep-alive on one connection", "[serve][http]") {
    TestHandler h;
    LogSink log;
    auto o = test_options();
    o.access_log = log.fn();
    HttpServer server(h, o);
    server.start();
    RawClient c(server.port());
    REQUIRE(c.request("/hello?a=1&b=x%20y"));
    auto r = c.read_reply();
    CHECK(r.status == 200);
    CHECK(r.body == "path=/hello a=1 b=x y");
    CHECK(r.header("content-type") == "text/plain");
    CHECK(r.header("content-length") == std::to_string(r.body.size()));
    CHECK_FALSE(r.header("date").empty());
    CHECK(r.header("server").rfind("assetmap/", 0) == 0);
    // Same connection, a HEAD: same length, no body.
    REQUIRE(c.request("/hello?a=1&b=x%20y", "", "HEAD"));
    auto h2 = c.read_reply(true);
    CHECK(h2.status == 200);
    CHECK(h2.header("content-length") == r.header("content-length"));
    // Pipelined: two requests in one write, two replies in order.
    REQUIRE(c.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(c.read_reply().body == "path=/one");
    CHECK(c.read_reply().body == "path=/two");
    server.stop();
    server.wait();
    std::lock_guard<std::mutex> lk(log.mu);
    REQUIRE(log.lines.size() == 4);
    CHECK(log.lines[0].method == "GET");
    CHECK(log.lines[0].target == "/hello?a=1&b=x%20y");
    CHECK(log.lines[0].status == 200);
    CHECK(log.lines[0].bytes == r.body.size());
    CHECK(log.lines[1].bytes == 0);  // HEAD
    CHECK(log.lines[0].micros >= 0);
}

TEST_CASE("HTTP/1.0 closes unless keep-alive is asked for", "[serve][http]") {
    TestHandler h;
    HttpServer server(h, test_options());
    server.start();
    RawClient c(server.port());
    REQUIRE(c.send("GET /a HTTP/1.0\r\n\r\n"));
    CHECK(c.read_reply().status == 200);
    CHECK(c.closed_within(2000));
    RawClient k(server.port());
    REQUIRE(k.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    CHECK(k.read_reply().status == 200);
    REQUIRE(k.send("GET /b HTTP/1.0\r\n\r\n"));
    CHECK(k.read_reply().body == "path=/b");
}

TEST_CASE("100 idle keep-alive connections do not starve a new one", "[serve][http]") {
    // A thread-per-connection pool of 8 would leave the 101st client waiting; the
    // asynchronous server holds no thread for an idle connection.
    TestHandler h;
    HttpServer server(h, test_options());
    server.start();
    std::vector<RawClient> idle;
    for (int i = 0; i < 100; ++i) {
        idle.emplace_back(server.port());
        REQUIRE(idle.back().request("/warm"));
        REQUIRE(idle.back().read_reply().status == 200);
    }
    CHECK(server.open_connections() == 100);
    const auto t0 = Clock::now();
    auto r = assetmap::test::http_get(server.port(), "/new");
    CHECK(r.status == 200);
    CHECK(ms_since(t0) < 500);
    // Every idle connection still answers, in an interleaved order.
    for (int i = 99; i >= 0; i -= 7) {
        REQUIRE(idle[std::size_t(i)].request("/again"));
        CHECK(idle[std::size_t(i)].read_reply().body == "path=/again");
    }
}

TEST_CASE("a heavy request runs on the worker pool without holding cheap ones", "[serve][http]") {
    TestHandler h;
    HttpServer server(h, test_options());
    server.start();
    auto slow = std::async(std::launch::async,
                           [&] { return assetmap::test::http_get(server.port(), "/slow"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto t0 = Clock::now();
    for (int i = 0; i < 20; ++i) CHECK(assetmap::test::http_get(server.port(), "/fast").status == 200);
    CHECK(ms_since(t0) < 300);  // not behind the 400 ms request
    CHECK(slow.get().status == 200);
}

TEST_CASE("heavy requests beyond the queue get 503", "[serve][http]") {
    TestHandler h;
    auto o = test_options();
    o.max_queued = 1;
    HttpServer server(h, o);
    server.start();
    std::vector<std::future<HttpReply>> replies;
    for (int i = 0; i < 4; ++i)
        replies.push_back(std::async(std::launch::async, [&] {
            return assetmap::test::http_get(server.port(), "/slow");
        }));
    int ok = 0, busy = 0;
    for (auto& f : replies) {
        const auto r = f.get();
        ok += r.status == 200;
        busy += r.status == 503;
    }
    CHECK(ok >= 1);
    CHECK(busy >= 1);
    CHECK(ok + busy == 4);
}

TEST_CASE("a heavy request waiting past the time cap gets 503", "[serve][http]") {
    TestHandler h;
    auto o = test_options();
    o.request_timeout = std::chrono::milliseconds(200);
    HttpServer server(h, o);
    server.start();
    auto first = std::async(std::launch::async,
                            [&] { return assetmap::test::http_get(server.port(), "/slow"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto second = assetmap::test::http_get(server.port(), "/slow");  // queued 350 ms > 200 ms
    CHECK(first.get().status == 200);
    CHECK(second.status == 503);
    CHECK(second.body.find("busy") != std::string::npos);
}

TEST_CASE("limits and malformed requests", "[serve][http]") {
    TestHandler h;
    auto o = test_options();
    o.header_timeout = std::chrono::milliseconds(300);
    o.max_target_bytes = 100;
    o.max_header_bytes = 2048;
    o.max_body_bytes = 100;
    HttpServer server(h, o);
    server.start();
    auto raw = [&](const std::string& bytes) {
        RawClient c(server.port());
        c.send(bytes);
        return c.read_reply();
    };
    CHECK(raw("GET /" + std::string(5000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n").status == 414);
    CHECK(raw("GET /" + std::string(200, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n").status == 414);
    CHECK(raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'b') + "\r\n\r\n")
              .status == 431);
    CHECK(raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" +
              std::string(1000, 'c'))
              .status == 413);
    CHECK(raw("GARBAGE\r\n\r\n").status == 400);
    CHECK(raw("GET / HTTP/1.1\r\n\r\n").status == 400);  // no Host
    CHECK(raw("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status == 400);
    CHECK(raw("GET /a/../b HTTP/1.1\r\nHost: x\r\n\r\n").status == 400);
    CHECK(raw("GET /a%00 HTTP/1.1\r\nHost: x\r\n\r\n").status == 400);
    CHECK(raw("GET / HTTP/2.0\r\nHost: x\r\n\r\n").status >= 400);
    CHECK(raw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
              .status == 400);
    // A slow sender is cut off with 408 after the header time cap.
    RawClient slow(server.port());
    slow.send("GET / HTTP/1.1\r\nHo");
    const auto t0 = Clock::now();
    const auto r = slow.read_reply(false, 3000);
    CHECK(r.status == 408);
    CHECK(ms_since(t0) < 2000);
    // The errors are JSON and close the connection.
    RawClient c(server.port());
    c.send("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto e = c.read_reply();
    CHECK(e.status == 400);
    CHECK(e.header("content-type") == "application/json");
    CHECK(e.body.find("\"status\":400") != std::string::npos);
    CHECK(c.closed_within(2000));
}

TEST_CASE("a handler's exception becomes a 500 without its text", "[serve][http]") {
    TestHandler h;
    LogSink log;
    auto o = test_options();
    o.access_log = log.fn();
    HttpServer server(h, o);
    server.start();
    const auto r = assetmap::test::http_get(server.port(), "/throw");
    CHECK(r.status == 500);
    CHECK(r.body.find("passwd") == std::string::npos);
    CHECK(r.body.find("secret") == std::string::npos);
    server.stop();
    server.wait();
    std::lock_guard<std::mutex> lk(log.mu);
    REQUIRE(log.lines.size() == 1);
    CHECK(log.lines[0].note.find("secret") != std::string::npos);  // the operator sees it
}

TEST_CASE("connections beyond the cap get 503", "[serve][http]") {
    TestHandler h;
    auto o = test_options();
    o.max_connections = 2;
    HttpServer server(h, o);
    server.start();
    RawClient a(server.port()), b(server.port());
    a.request("/a");
    b.request("/b");
    CHECK(a.read_reply().status == 200);
    CHECK(b.read_reply().status == 200);
    RawClient c(server.port());
    c.request("/c");
    CHECK(c.read_reply().status == 503);
}

TEST_CASE("graceful stop finishes requests in flight and closes idle connections",
          "[serve][http]") {
    TestHandler h;
    HttpServer server(h, test_options());
    server.start();
    RawClient idle(server.port());
    idle.request("/warm");
    REQUIRE(idle.read_reply().status == 200);
    RawClient busy(server.port());
    busy.request("/slow");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto t0 = Clock::now();
    server.stop();
    CHECK(idle.closed_within(1000));
    const auto r = busy.read_reply();
    CHECK(r.status == 200);
    CHECK(r.body == "path=/slow");
    CHECK(r.header("connection") == "close");
    server.wait();
    CHECK(ms_since(t0) < 3000);
    // Nothing listens any more.
    bool refused = false;
    try {
        RawClient late(server.port());
        late.request("/late");
        refused = late.read_reply(false, 500).status == 0;
    } catch (const std::exception&) {
        refused = true;
    }
    CHECK(refused);
}

TEST_CASE("a port in use is refused with a clear listen_error", "[serve][http]") {
    TestHandler h;
    HttpServer first(h, test_options());
    auto o = test_options();
    o.port = first.port();
    try {
        HttpServer second(h, o);
        FAIL("a second server on the same port was allowed");
    } catch (const listen_error& e) {
        CHECK(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())) !=
              std::string::npos);
        CHECK(std::string(e.what()).find("--port") != std::string::npos);
    }
    o.bind = "not-an-address";
    CHECK_THROWS_AS(HttpServer(h, o), listen_error);
}
