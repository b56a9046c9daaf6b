#include <assetmap/serve/prepared_body.hpp>

#include <assetmap/serve/compression.hpp>
#include <assetmap/serve/etag.hpp>

namespace assetmap::serve {

namespace {

bool compressible(const std::string& type) {
    return type.find("json") != std::string::npos || type.rfind("text/", 0) == 0 ||
           type.find("javascript") != std::string::npos || type.find("svg") != std::string::npos ||
           type.find("xml") != std::string::npos;
}

}  // namespace

PreparedBody prepare_body(std::string body, std::string content_type) {
    PreparedBody p;
    p.etag = strong_etag(body);
    if (compressible(content_type) && body.size() >= 1024) {
        std::string gz = gzip_compress(body, 9);
        p.gzip_etag = strong_etag(gz, "gz");
        p.gzip = std::make_shared<const std::string>(std::move(gz));
    }
    p.content_type = std::move(content_type);
    p.body = std::make_shared<const std::string>(std::move(body));
    return p;
}

Response prepared_response(const PreparedBody& p, const Request& req) {
    Response r;
    r.content_type = p.content_type;
    const std::string* ae = req.header("accept-encoding");
    if (p.gzip && ae && accepts_gzip(*ae)) {
        r.shared_body = p.gzip;
        r.add_header("Content-Encoding", "gzip");
        r.add_header("ETag", p.gzip_etag);
    } else {
        r.shared_body = p.body;
        r.add_header("ETag", p.etag);
    }
    if (p.gzip) r.add_header("Vary", "Accept-Encoding");
    return r;
}

}  // namespace assetmap::serve
