#include "tests/harness/smtp.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/harness/process.h"

namespace briefdesk::testing {
namespace {

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// Python's Maildir names a message "<time>.M<usec>P<pid>Q<count>.<host>";
// the count orders one server's deliveries, where the time may tie.
long ArrivalCount(const std::string& name) {
  long count = -1;
  std::sscanf(name.c_str(), "%*[0-9].M%*[0-9]P%*[0-9]Q%ld", &count);
  return count;
}

// A self-signed certificate for 127.0.0.1 and localhost, which a client
// verifies by trusting `cert` as its CA. EC keys: RSA takes longer to make.
void MakeCertificate(const std::string& cert, const std::string& key) {
  std::string out = Shell(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
      "-nodes -days 2 -subj /CN=localhost -addext "
      "subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
      key + " -out " + cert + " 2>&1");
  Require(std::filesystem::exists(key) && std::filesystem::exists(cert),
          "openssl did not make a certificate: " + out);
}

}  // namespace

TestSmtp::TestSmtp(TestSmtpOptions options)
    : dir_(MakeTempDir("briefdesk-smtp")),
      tls_(options.tls),
      port_(FreePort()) {
  std::vector<std::string> argv = {"/usr/bin/python3",
                                   "-m",
                                   "aiosmtpd",
                                   "-n",
                                   "-l",
                                   "127.0.0.1:" + std::to_string(port_)};
  if (options.max_size > 0) {
    argv.insert(argv.end(), {"-s", std::to_string(options.max_size)});
  }
  if (tls_ != SmtpTls::kNone) {
    ca_file_ = dir_ + "/cert.pem";
    std::string key = dir_ + "/key.pem";
    MakeCertificate(ca_file_, key);
    bool starttls = tls_ == SmtpTls::kStartTls;
    argv.insert(argv.end(), {starttls ? "--tlscert" : "--smtpscert", ca_file_,
                             starttls ? "--tlskey" : "--smtpskey", key});
  }
  argv.insert(argv.end(),
              {"-c", "aiosmtpd.handlers.Mailbox", dir_ + "/maildir"});
  std::string log = dir_ + "/aiosmtpd.log";
  ChildOptions child;
  child.log = log;
  pid_ = SpawnChild(argv, child);
  for (int i = 0; i < 200; ++i) {
    if (Accepts(port_)) return;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Require(false, "aiosmtpd did not start: " + ReadFile(log));
}

TestSmtp::~TestSmtp() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    WaitExit(pid_);
  }
  RemoveTempDir(dir_);
}

std::string TestSmtp::url() const {
  return (tls_ == SmtpTls::kImplicit ? "smtps://127.0.0.1:"
                                     : "smtp://127.0.0.1:") +
         std::to_string(port_);
}

std::vector<std::string> TestSmtp::Messages() const {
  // Maildir writes to tmp/ and renames into new/: a file there is whole.
  std::vector<std::filesystem::path> files;
  for (const char* sub : {"/maildir/new", "/maildir/cur"}) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_ + sub, ec)) {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    return std::pair(ArrivalCount(a.filename()), a.filename()) <
           std::pair(ArrivalCount(b.filename()), b.filename());
  });
  std::vector<std::string> messages;
  for (const auto& f : files) messages.push_back(ReadFile(f));
  return messages;
}

std::vector<std::string> TestSmtp::WaitForMessages(
    size_t n, std::chrono::seconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<std::string> messages = Messages();
  while (messages.size() < n && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    messages = Messages();
  }
  return messages;
}

namespace {

// Prints "key hex(value)" lines, so that any octet survives the pipe.
constexpr char kParseScript[] = R"py(
import sys, email, email.header, email.policy, email.utils

def out(key, value):
    if isinstance(value, str):
        value = value.encode('utf-8', 'surrogateescape')
    sys.stdout.write(key + ' ' + value.hex() + '\n')

def address(msg, field):
    header = msg[field]
    if header is not None and len(header.addresses) == 1:
        out(field.lower() + '_name', header.addresses[0].display_name)
        out(field.lower() + '_email', header.addresses[0].addr_spec)
    raw = dict(msg.raw_items()).get(field)
    if raw is not None:
        name = email.utils.parseaddr(raw)[0]
        out(field.lower() + '_name_rfc2047',
            str(email.header.make_header(email.header.decode_header(name))))

try:
    with open(sys.argv[1], 'rb') as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    defects = 0
    for part in msg.walk():
        defects += len(part.defects)
        defects += sum(len(getattr(v, 'defects', ())) for v in part.values())
    out('defects', str(defects))
    for name, value in msg.items():
        out('header', name + '\0' + str(value))
    address(msg, 'From')
    address(msg, 'To')
    if msg['Date'] is not None and msg['Date'].datetime is not None:
        out('date_iso', msg['Date'].datetime.isoformat())
    out('content_type', msg.get_content_type())
    for part in msg.walk():
        if part.is_multipart():
            continue
        out('part', part.get_content_type())
        out('charset', part.get_content_charset() or '')
        out('cte', part.get('Content-Transfer-Encoding', ''))
        out('body', part.get_payload(decode=True))
        out('text', part.get_content())
except Exception as e:
    out('error', repr(e))
)py";

// Whether `hex` is hex digits in pairs; the decoded octets in `out`.
bool FromHex(const std::string& hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  auto digit = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
  };
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

void AddField(const std::string& key, std::string value, ParsedMail& m) {
  if (key == "header") {
    size_t nul = value.find('\0');
    m.headers.emplace_back(value.substr(0, nul), value.substr(nul + 1));
  } else if (key == "part") {
    m.parts.emplace_back();
    m.parts.back().content_type = std::move(value);
  } else if (!m.parts.empty() && (key == "charset" || key == "cte" ||
                                  key == "body" || key == "text")) {
    ParsedMail::Part& p = m.parts.back();
    (key == "charset" ? p.charset
     : key == "cte"   ? p.transfer_encoding
     : key == "body"  ? p.body
                      : p.text) = std::move(value);
  } else if (key == "defects") {
    m.defects = std::stoi(value);
  } else {
    std::string* field = key == "error"               ? &m.error
                         : key == "from_name"         ? &m.from_name
                         : key == "from_email"        ? &m.from_email
                         : key == "to_name"           ? &m.to_name
                         : key == "to_email"          ? &m.to_email
                         : key == "from_name_rfc2047" ? &m.from_name_rfc2047
                         : key == "to_name_rfc2047"   ? &m.to_name_rfc2047
                         : key == "date_iso"          ? &m.date_iso
                         : key == "content_type"      ? &m.content_type
                                                      : nullptr;
    if (field != nullptr) *field = std::move(value);
  }
}

}  // namespace

std::string ParsedMail::Header(const std::string& name) const {
  for (const auto& [n, v] : headers) {
    if (n.size() == name.size() &&
        std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return v;
    }
  }
  return "";
}

ParsedMail ParseMail(const std::string& raw) {
  std::string dir = MakeTempDir("briefdesk-mail-parse");
  std::ofstream(dir + "/parse.py") << kParseScript;
  std::ofstream(dir + "/message.eml", std::ios::binary) << raw;
  std::istringstream lines(Shell("/usr/bin/python3 " + dir + "/parse.py " +
                                 dir + "/message.eml 2>&1"));
  RemoveTempDir(dir);
  ParsedMail m;
  std::string line;
  while (std::getline(lines, line)) {
    size_t space = line.find(' ');
    std::string value;
    if (space == std::string::npos || !FromHex(line.substr(space + 1), value)) {
      m.error += line + "\n";  // Python's own complaint, not the script's
      continue;
    }
    AddField(line.substr(0, space), std::move(value), m);
  }
  if (m.content_type.empty() && m.error.empty()) {
    m.error = "no output from /usr/bin/python3";
  }
  return m;
}

}  // namespace briefdesk::testing
