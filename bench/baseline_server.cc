// The HTTP baselines, each a 2-thread Boost.Beast keep-alive server built
// like the gateway (a strand per connection, a fresh parser per request
// with a body limit, a deadline on every read):
//   bench_baseline_server --mode bare --port P
//     answers every request with the same small body: the HTTP limit;
//   bench_baseline_server --mode hop --port P --echo HOST:PORT
//     makes one unary gRPC call per request, as the gateway does (a
//     generic stub on the callback API over rpc::NewChannel, the answer
//     posted back to the connection's strand): the hop limit.
#include <grpcpp/generic/generic_stub.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/echo.pb.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::bench {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
using Handler =
    std::function<void(const Request&, std::function<void(Response)>)>;

constexpr char kBareBody[] = R"({"status":"ok"})";

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler* handler)
      : stream_(std::move(socket)), handler_(handler) {}

  void Start() {
    net::dispatch(
        stream_.get_executor(),
        beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(1 << 20);
    stream_.expires_after(std::chrono::seconds(60));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       self->OnRead(ec);
                     });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Close();
    Request req = parser_->release();
    bool keep_alive = req.keep_alive();
    stream_.expires_never();
    (*handler_)(req, [self = shared_from_this(), keep_alive](Response res) {
      // Back onto the connection's strand (at once when already on it).
      net::dispatch(self->stream_.get_executor(),
                    [self, keep_alive, res = std::move(res)]() mutable {
                      self->Write(std::move(res), keep_alive);
                    });
    });
  }

  void Write(Response res, bool keep_alive) {
    res.keep_alive(keep_alive);
    res.prepare_payload();
    auto shared = std::make_shared<Response>(std::move(res));
    stream_.expires_after(std::chrono::seconds(30));
    http::async_write(
        stream_, *shared,
        [self = shared_from_this(), shared](beast::error_code ec, size_t) {
          if (ec || !shared->keep_alive()) return self->Close();
          self->Read();
        });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const Handler* handler_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, const Handler* handler)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), handler_(handler) {}

  bool Listen(unsigned short port) {
    beast::error_code ec;
    tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    return !ec;
  }

  void Accept() {
    acceptor_.async_accept(
        net::make_strand(ioc_),
        [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
          if (ec == net::error::operation_aborted) return;
          if (!ec)
            std::make_shared<Session>(std::move(s), self->handler_)->Start();
          self->Accept();
        });
  }

 private:
  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  const Handler* handler_;
};

Response Answer(int status, std::string body, const char* type) {
  Response res(static_cast<http::status>(status), 11);
  res.set(http::field::content_type, type);
  res.body() = std::move(body);
  return res;
}

Handler BareHandler() {
  return [](const Request&, std::function<void(Response)> done) {
    done(Answer(200, kBareBody, "application/json"));
  };
}

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// One unary call per request, with a deadline, bytes in and bytes out, the
// way the gateway's GrpcBackends makes it.
Handler HopHandler(std::shared_ptr<grpc::GenericStub> stub) {
  bench::v1::EchoMessage message;
  message.set_payload("briefdesk-bench-echo-0123456789");
  std::string request = message.SerializeAsString();
  return [stub, request](const Request&, std::function<void(Response)> done) {
    struct State {
      grpc::ClientContext ctx;
      grpc::ByteBuffer request, response;
      std::function<void(Response)> done;
    };
    auto state = std::make_shared<State>();
    state->request = ToBuffer(request);
    state->done = std::move(done);
    state->ctx.set_deadline(std::chrono::system_clock::now() +
                            std::chrono::seconds(10));
    stub->UnaryCall(
        &state->ctx, "/briefdesk.bench.v1.Echo/Echo", grpc::StubOptions(),
        &state->request, &state->response, [state](grpc::Status s) {
          std::vector<grpc::Slice> slices;
          bench::v1::EchoMessage echo;
          std::string bytes;
          if (s.ok() && state->response.Dump(&slices).ok()) {
            for (const auto& slice : slices) {
              bytes.append(reinterpret_cast<const char*>(slice.begin()),
                           slice.size());
            }
          }
          if (!s.ok() || !echo.ParseFromString(bytes)) {
            return state->done(Answer(502, s.error_message(), "text/plain"));
          }
          state->done(Answer(200, echo.payload(), "application/octet-stream"));
        });
  };
}

struct Args {
  std::string mode, echo;
  int port = 0, threads = 2;
};

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i], value = argv[i + 1];
    if (key == "--mode") a.mode = value;
    if (key == "--echo") a.echo = value;
    if (key == "--port") a.port = std::atoi(value.c_str());
    if (key == "--threads") a.threads = std::atoi(value.c_str());
  }
  return a;
}

}  // namespace
}  // namespace briefdesk::bench

int main(int argc, char** argv) {
  namespace b = briefdesk::bench;
  b::Args args = b::Parse(argc, argv);
  b::Handler handler;
  if (args.mode == "bare") {
    handler = b::BareHandler();
  } else if (args.mode == "hop" && !args.echo.empty()) {
    handler = b::HopHandler(std::make_shared<grpc::GenericStub>(
        briefdesk::rpc::NewChannel(args.echo)));
  } else {
    std::cerr << "usage: bench_baseline_server --mode bare|hop --port P "
                 "[--echo HOST:PORT] [--threads N]\n";
    return 2;
  }
  b::net::io_context ioc(args.threads);
  auto listener = std::make_shared<b::Listener>(ioc, &handler);
  if (!listener->Listen(static_cast<unsigned short>(args.port))) {
    std::cerr << "cannot listen on port " << args.port << "\n";
    return 1;
  }
  listener->Accept();
  b::net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { ioc.stop(); });
  std::vector<std::thread> threads;
  for (int i = 1; i < args.threads; ++i)
    threads.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  return 0;
}
