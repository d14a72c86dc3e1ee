// The streaming RPCs on an in-process server, with the database faked:
// Watch, many people's streams on one call, each at the pace its reader
// asks for; and Stream, one person's on a call of its own.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <map>

#include "libs/rpc/rpc.h"
#include "libs/worker/pool.h"
#include "services/notification/notification_service.h"

namespace briefdesk::notification {
namespace {

using Call = grpc::ClientReaderWriter<v1::WatchRequest, v1::WatchItem>;

class Rows : public StreamSource {
 public:
  int64_t Add(const std::string& user) {
    std::lock_guard lock(mu_);
    rows_.push_back({user, ++seq_});
    return seq_;
  }
  absl::StatusOr<int64_t> Latest(const std::string& user) override {
    std::lock_guard lock(mu_);
    int64_t latest = 0;
    for (const auto& [u, s] : rows_) latest = u == user ? s : latest;
    return latest;
  }
  absl::StatusOr<std::vector<v1::Notification>> After(const std::string& user,
                                                      int64_t sequence,
                                                      int limit) override {
    std::lock_guard lock(mu_);
    std::vector<v1::Notification> out;
    for (const auto& [u, s] : rows_) {
      if (u == user && s > sequence && int(out.size()) < limit) {
        out.emplace_back().set_sequence(s);
      }
    }
    return out;
  }
  absl::StatusOr<Written> WrittenSince(int64_t sequence) override {
    return Written{{}, sequence};
  }
  absl::StatusOr<int64_t> Newest() override { return seq_; }

 private:
  std::mutex mu_;
  std::vector<std::pair<std::string, int64_t>> rows_;
  int64_t seq_ = 0;
};

class WatchTest : public ::testing::Test {
 protected:
  WatchTest()
      : service_(
            nullptr, &hub_, &rows_,
            [this](std::function<void()> job) {
              workers_.Post(std::move(job));
            },
            NotificationConfig{}) {
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = v1::Notifications::NewStub(
        server_->InProcessChannel(grpc::ChannelArguments()));
  }
  ~WatchTest() override {
    hub_.Stop();
    server_->Shutdown();
    workers_.Stop();
  }

  std::unique_ptr<Call> Watch(
      grpc::ClientContext* ctx,
      const std::string& caller = rpc::kGatewayService) {
    rpc::Principal p;
    p.set_user_id(caller);
    rpc::AttachPrincipal(p, ctx);
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(10));
    return stub_->Watch(ctx);
  }
  static void Open(Call* call, uint64_t watch, const std::string& user) {
    v1::WatchRequest r;
    r.set_watch(watch);
    r.mutable_open()->set_user_id(user);
    ASSERT_TRUE(call->Write(r));
  }
  static void Ask(Call* call, uint64_t watch, bool close = false) {
    v1::WatchRequest r;
    r.set_watch(watch);
    close ? r.set_close(true) : r.set_next(true);
    ASSERT_TRUE(call->Write(r));
  }
  static v1::WatchItem Read(Call* call) {
    v1::WatchItem item;
    EXPECT_TRUE(call->Read(&item));
    return item;
  }

  Rows rows_;
  Hub hub_;
  worker::Pool workers_{2};
  NotificationService service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::Notifications::Stub> stub_;
};

TEST_F(WatchTest, OnlyServicesMayWatch) {
  grpc::ClientContext person, nobody;
  auto call = Watch(&person, "some-user-id");
  v1::WatchItem item;
  EXPECT_FALSE(call->Read(&item));
  EXPECT_EQ(call->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  auto anonymous = Watch(&nobody, "");
  EXPECT_FALSE(anonymous->Read(&item));
  EXPECT_EQ(anonymous->Finish().error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(WatchTest, EachWatchGetsItsPersonsItemsOneAtATime) {
  grpc::ClientContext ctx;
  auto call = Watch(&ctx);
  Open(call.get(), 1, "ana");
  Open(call.get(), 2, "ben");
  std::map<uint64_t, int> confirmed;
  for (int i = 0; i < 2; ++i) {
    v1::WatchItem item = Read(call.get());
    EXPECT_TRUE(item.has_item() && !item.item().has_notification());
    ++confirmed[item.watch()];
  }
  EXPECT_EQ(confirmed, (std::map<uint64_t, int>{{1, 1}, {2, 1}}));
  Ask(call.get(), 1);
  Ask(call.get(), 2);
  int64_t first = rows_.Add("ben"), second = rows_.Add("ben");
  hub_.Notify({"ben"});
  v1::WatchItem item = Read(call.get());
  EXPECT_EQ(item.watch(), 2u);
  EXPECT_EQ(item.item().notification().sequence(), first);
  // The next only after `next`: meanwhile ana's watch is closed and ends.
  Ask(call.get(), 1, /*close=*/true);
  item = Read(call.get());
  EXPECT_EQ(item.watch(), 1u);
  EXPECT_TRUE(item.has_end());
  EXPECT_EQ(item.end().code(), 0);
  Ask(call.get(), 2);
  item = Read(call.get());
  EXPECT_EQ(item.watch(), 2u);
  EXPECT_EQ(item.item().notification().sequence(), second);
  // Draining ends every watch, then the call.
  hub_.Stop();
  item = Read(call.get());
  EXPECT_EQ(item.watch(), 2u);
  EXPECT_TRUE(item.has_end());
  EXPECT_FALSE(call->Read(&item));
  EXPECT_TRUE(call->Finish().ok());
}

TEST_F(WatchTest, AWatchWithoutAPersonEndsUnauthenticated) {
  grpc::ClientContext ctx;
  auto call = Watch(&ctx);
  Open(call.get(), 7, "");
  v1::WatchItem item = Read(call.get());
  EXPECT_EQ(item.watch(), 7u);
  EXPECT_EQ(item.end().code(), grpc::StatusCode::UNAUTHENTICATED);
  call->WritesDone();
  EXPECT_FALSE(call->Read(&item));
  EXPECT_TRUE(call->Finish().ok());
}

TEST_F(WatchTest, StreamNeedsAPrincipalAndResumesAfterLastEventId) {
  grpc::ClientContext anonymous;
  v1::StreamItem item;
  auto refused = stub_->Stream(&anonymous, v1::StreamRequest());
  EXPECT_FALSE(refused->Read(&item));
  EXPECT_EQ(refused->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);

  int64_t first = rows_.Add("ana");
  int64_t second = rows_.Add("ana");
  grpc::ClientContext ctx;
  rpc::Principal ana;
  ana.set_user_id("ana");
  rpc::AttachPrincipal(ana, &ctx);
  v1::StreamRequest resume;
  resume.set_after_sequence(first);
  auto stream = stub_->Stream(&ctx, resume);
  ASSERT_TRUE(stream->Read(&item));
  EXPECT_FALSE(item.has_notification());  // the confirmation
  ASSERT_TRUE(stream->Read(&item));
  EXPECT_EQ(item.notification().sequence(), second);
  int64_t third = rows_.Add("ana");
  hub_.Notify({"ana"});
  ASSERT_TRUE(stream->Read(&item));
  EXPECT_EQ(item.notification().sequence(), third);
  hub_.Stop();  // draining ends it
  EXPECT_FALSE(stream->Read(&item));
  EXPECT_TRUE(stream->Finish().ok());
}

}  // namespace
}  // namespace briefdesk::notification
