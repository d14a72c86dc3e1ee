#include "tests/harness/test_http_server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace briefdesk::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct TestHttpServer::Impl {
  std::function<int(int)> answer;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::thread accept_thread;
  std::vector<std::thread> connections;
  mutable std::mutex mu;
  mutable std::condition_variable cv;
  std::vector<Received> received;
  std::atomic<bool> stopping{false};
  int count = 0;

  void Serve(tcp::socket socket) {
    beast::error_code ec;
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    http::read(socket, buffer, req, ec);
    if (ec) return;
    Received r{std::string(req.target()),
               req.body(),
               {},
               std::chrono::steady_clock::now()};
    for (const auto& f : req) {
      std::string name(f.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(c));
      r.headers[name] = std::string(f.value());
    }
    int status;
    {
      std::lock_guard lock(mu);
      received.push_back(std::move(r));
      status = answer(count++);
      cv.notify_all();
    }
    if (status == 0) {  // hold the connection, never answer
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return stopping.load(); });
      return;
    }
    http::response<http::string_body> res(static_cast<http::status>(status),
                                          11);
    res.body() = "{}";
    res.prepare_payload();
    http::write(socket, res, ec);
  }
};

TestHttpServer::TestHttpServer(std::function<int(int)> answer)
    : impl_(std::make_unique<Impl>()) {
  impl_->answer = std::move(answer);
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  last_port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept_thread = std::thread([this] {
    while (!impl_->stopping) {
      beast::error_code ec;
      tcp::socket socket(impl_->ioc);
      impl_->acceptor.accept(socket, ec);
      if (ec || impl_->stopping) break;
      std::lock_guard lock(impl_->mu);
      impl_->connections.emplace_back([this, s = std::move(socket)]() mutable {
        impl_->Serve(std::move(s));
      });
    }
  });
}

TestHttpServer::~TestHttpServer() {
  impl_->stopping = true;
  impl_->cv.notify_all();
  beast::error_code ec;
  impl_->acceptor.close(ec);
  // Unblock accept() with a connection of our own.
  try {
    net::io_context ioc;
    tcp::socket s(ioc);
    s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"),
                            static_cast<unsigned short>(port())),
              ec);
  } catch (...) {
  }
  impl_->accept_thread.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(impl_->mu);
    threads.swap(impl_->connections);
  }
  for (auto& t : threads) t.join();
}

int TestHttpServer::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? last_port_ : ep.port();
}

std::vector<TestHttpServer::Received> TestHttpServer::received() const {
  std::lock_guard lock(impl_->mu);
  return impl_->received;
}

std::vector<TestHttpServer::Received> TestHttpServer::WaitFor(
    size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mu);
  impl_->cv.wait_for(lock, timeout,
                     [&] { return impl_->received.size() >= n; });
  return impl_->received;
}

}  // namespace briefdesk::testing
