#pragma once
// A deliberately plain HTTP/1.1 client on POSIX sockets for the server tests: it sends any
// bytes (malformed requests included) and parses what comes back, so the tests do not
// depend on the server's own HTTP library.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace assetmap::test {

struct HttpReply {
    int status = 0;  ///< 0 when the connection closed without a reply
    std::map<std::string, std::string> headers;  ///< names in lower case
    std::string body;
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class RawClient {
public:
    explicit RawClient(unsigned short port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) throw std::runtime_error("socket");
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            throw std::runtime_error("connect");
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~RawClient() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;
    RawClient(RawClient&& o) noexcept : fd_(o.fd_), buf_(std::move(o.buf_)) { o.fd_ = -1; }

    /// Sends bytes; false when the peer has closed.
    bool send(const std::string& bytes) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n <= 0) return false;
            done += std::size_t(n);
        }
        return true;
    }

    /// A GET (or another method) with Host and optional extra header lines ("Name: v\r\n").
    bool request(const std::string& target, const std::string& extra = "",
                 const std::string& method = "GET") {
        return send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n");
    }

    /// Reads one reply (no body for HEAD, 204 and 304). status 0 on close or timeout.
    HttpReply read_reply(bool head = false, int timeout_ms = 10000) {
        HttpReply r;
        std::size_t end;
        while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
            if (!fill(timeout_ms)) return r;
        const std::string head_text = buf_.substr(0, end);
        buf_.erase(0, end + 4);
        std::size_t line_end = head_text.find("\r\n");
        const std::string status_line = head_text.substr(0, line_end);
        if (status_line.size() < 12) return r;
        r.status = std::stoi(status_line.substr(9, 3));
        while (line_end != std::string::npos) {
            const std::size_t start = line_end + 2;
            line_end = head_text.find("\r\n", start);
            const std::string line = head_text.substr(start, line_end == std::string::npos
                                                                 ? std::string::npos
                                                                 : line_end - start);
            const auto colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string name = line.substr(0, colon);
            for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            r.headers[name] = value;
        }
        if (head || r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200))
            return r;
        if (r.headers.count("content-length")) {
            const std::size_t n = std::stoul(r.headers["content-length"]);
            while (buf_.size() < n)
                if (!fill(timeout_ms)) break;
            r.body = buf_.substr(0, n);
            buf_.erase(0, std::min(n, buf_.size()));
        } else {
            while (fill(timeout_ms)) {
            }
            r.body = std::move(buf_);
            buf_.clear();
        }
        return r;
    }

    /// True when the peer closes the connection within the time (reads and drops data).
    bool closed_within(int timeout_ms) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (std::chrono::steady_clock::now() < until) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) > 0) {
                char tmp[4096];
                const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
                if (n <= 0) return true;
            }
        }
        return false;
    }

private:
    int fd_ = -1;
    std::string buf_;

    bool fill(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) return false;
        char tmp[65536];
        const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
        if (n <= 0) return false;
        buf_.append(tmp, std::size_t(n));
        return true;
    }
};

/// One request on a fresh connection.
inline HttpReply http_get(unsigned short port, const std::string& target,
                          const std::string& extra = "", const std::string& method = "GET") {
    RawClient c(port);
    c.request(target, extra + "Connection: close\r\n", method);
    return c.read_reply(method == "HEAD");
}

}  // namespace assetmap::test
