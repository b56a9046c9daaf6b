/// @file PDF with headless Chromium (see pdf.hpp).

#include "pdf.hpp"

#include <assetmap/core/error.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace assetmap::report {

namespace fs = std::filesystem;

namespace {

bool executable(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The last non-empty line of Chromium's messages that is not D-Bus noise.
std::string last_message(const std::string& log) {
    std::istringstream in(log);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty() && line.find("dbus") == std::string::npos &&
            line.find("bytes written to file") == std::string::npos)
            last = line;
    return last;
}

/// A temporary folder removed when it goes out of scope.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "assetmap-chromium-XXXXXX").string();
        if (!::mkdtemp(tmpl.data()))
            throw io_error("cannot create a temporary folder for Chromium's profile in " +
                           fs::temp_directory_path().string());
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

}  // namespace

std::string find_chromium(const std::string& explicit_path) {
    if (!explicit_path.empty()) return executable(explicit_path) ? explicit_path : std::string();
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
        std::size_t start = 0;
        while (start <= dirs.size()) {
            auto colon = dirs.find(':', start);
            if (colon == std::string::npos) colon = dirs.size();
            const std::string dir = dirs.substr(start, colon - start);
            if (!dir.empty() && executable(fs::path(dir) / name)) return (fs::path(dir) / name).string();
            start = colon + 1;
        }
    }
    return {};
}

int set_pdf_dates(std::string& pdf, const std::string& run_time_utc) {
    std::string digits;
    for (char c : run_time_utc)
        if (c >= '0' && c <= '9') digits += c;
    if (digits.size() < 14) return 0;
    digits.resize(14);
    int n = 0;
    for (const char* key : {"/CreationDate (D:", "/ModDate (D:"}) {
        const std::string k(key);
        for (auto at = pdf.find(k); at != std::string::npos; at = pdf.find(k, at + 1)) {
            const auto from = at + k.size();
            if (from + 14 > pdf.size()) break;
            bool ok = true;
            for (std::size_t i = 0; i < 14; ++i) ok = ok && pdf[from + i] >= '0' && pdf[from + i] <= '9';
            if (!ok) continue;
            pdf.replace(from, 14, digits);
            ++n;
        }
    }
    return n;
}

void print_to_pdf(const std::string& chromium, const std::string& html_path,
                  const std::string& pdf_path, const std::string& run_time_utc,
                  double timeout_s) {
    if (chromium.empty())
        throw missing_tool_error("a PDF needs headless Chromium, which is not installed; install "
                                 "it (Debian: apt-get install chromium) or leave out --pdf");
    const TempDir profile;
    const fs::path log = profile.path / "chromium.log";
    const fs::path out = fs::absolute(pdf_path);
    const std::string tmp_pdf = out.string() + ".part";
    std::error_code ec;
    fs::remove(tmp_pdf, ec);
    const std::vector<std::string> args = {
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--user-data-dir=" + profile.path.string(),
        "--no-pdf-header-footer",
        "--print-to-pdf=" + tmp_pdf,
        "file://" + fs::absolute(html_path).string()};
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // its own group: killed whole
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, chromium.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        throw io_error(chromium + ": cannot start Chromium (" + std::strerror(rc) +
                       "); check the installation or leave out --pdf");

    const auto start = std::chrono::steady_clock::now();
    int status = 0;
    while (true) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0) throw io_error("waiting for Chromium failed");
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >
            timeout_s) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            fs::remove(tmp_pdf, ec);
            throw io_error(html_path + ": Chromium did not finish printing within " +
                           std::to_string(static_cast<int>(timeout_s)) + " s");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && fs::exists(tmp_pdf);
    if (!ok) {
        const std::string msg = last_message(read_file(log));
        fs::remove(tmp_pdf, ec);
        throw io_error(html_path + ": Chromium could not print it to PDF" +
                       (msg.empty() ? std::string() : " (" + msg + ")"));
    }
    std::string bytes = read_file(tmp_pdf);
    set_pdf_dates(bytes, run_time_utc);
    {
        std::ofstream o(tmp_pdf, std::ios::binary | std::ios::trunc);
        o << bytes;
        if (!o) throw io_error(tmp_pdf + ": cannot write the PDF");
    }
    fs::rename(tmp_pdf, out, ec);
    if (ec) throw io_error(out.string() + ": cannot write the PDF (" + ec.message() + ")");
}

}  // namespace assetmap::report
