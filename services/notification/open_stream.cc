#include "services/notification/open_stream.h"

namespace briefdesk::notification {

OpenStream::OpenStream(std::string user, std::optional<int64_t> after,
                       StreamSource* source, Hub* hub, Executor executor,
                       StreamWriter* writer)
    : user_(std::move(user)),
      after_(after),
      source_(source),
      hub_(hub),
      executor_(std::move(executor)),
      writer_(writer) {}

// Joining the hub before the starting point is read: a notification
// written in between wakes the stream, and is sent when it comes after
// that point.
void OpenStream::Start() {
  if (!hub_->Add(user_, shared_from_this())) {
    std::unique_lock lock(mu_);
    EndWith(absl::UnavailableError("the notification service is stopping"));
    Step step = NextStep();
    lock.unlock();
    return Take(step);
  }
  if (!after_) {  // from the latest notification on: the database says
    executor_([self = shared_from_this()] { self->Begin(); });
    return;
  }
  std::unique_lock lock(mu_);
  last_ = *after_;
  opened_ = beat_ = dirty_ = true;  // the confirmation, then what was missed
  Step step = NextStep();
  lock.unlock();
  Take(step);
}

void OpenStream::Begin() {
  {
    std::lock_guard lock(mu_);
    if (ending_) return;
  }
  absl::StatusOr<int64_t> latest = source_->Latest(user_);
  std::unique_lock lock(mu_);
  if (!latest.ok()) {
    EndWith(latest.status());
  } else {
    last_ = *latest;
    opened_ = beat_ = true;  // the confirmation first
  }
  Step step = NextStep();
  lock.unlock();
  Take(step);
}

void OpenStream::Read() {
  int64_t after = 0;
  {
    std::lock_guard lock(mu_);
    if (ending_) {
      reading_ = false;
      return;
    }
    after = last_;
  }
  auto rows = source_->After(user_, after, kBatch);
  std::unique_lock lock(mu_);
  reading_ = false;
  if (!rows.ok()) {
    EndWith(rows.status());
  } else if (!ending_) {
    if (!rows->empty()) last_ = rows->back().sequence();
    if (static_cast<int>(rows->size()) >= kBatch) dirty_ = true;  // more
    batch_ = std::move(*rows);
    next_ = 0;
  }
  Step step = NextStep();
  lock.unlock();
  Take(step);
}

OpenStream::Step OpenStream::NextStep() {
  Step step;
  if (ended_) return step;
  if (ending_) {
    if (!writing_) {
      ended_ = true;
      step.end = end_status_;
    }
    return step;
  }
  if (!opened_) return step;
  if (!writing_ && (next_ < batch_.size() || beat_)) {
    // A notification, or else a heartbeat: an empty item. Assigned whole,
    // so that an idle stream keeps no notification's strings.
    v1::StreamItem item;
    if (next_ < batch_.size()) {
      *item.mutable_notification() = std::move(batch_[next_++]);
      if (next_ == batch_.size()) {
        batch_ = {};
        next_ = 0;
      }
    }
    item_ = std::move(item);
    beat_ = false;  // any item keeps the connection alive
    writing_ = true;
    step.send = &item_;
  }
  // The next batch is read while the last of this one is written.
  if (batch_.empty() && dirty_ && !reading_) {
    dirty_ = false;
    reading_ = true;
    step.read = true;
  }
  return step;
}

void OpenStream::Take(Step step) {
  // The writer may drop its reference to this stream during the calls.
  auto self = shared_from_this();
  if (step.read) executor_([self] { self->Read(); });
  if (step.send != nullptr) writer_->Send(step.send);
  if (step.end) {
    hub_->Remove(user_, this);
    writer_->End(*step.end);  // the writer may be gone after this
  }
}

void OpenStream::EndWith(absl::Status status) {
  if (ending_) return;  // the first reason stands
  ending_ = true;
  end_status_ = std::move(status);
  batch_ = {};
  next_ = 0;
}

void OpenStream::Written(bool ok) {
  std::unique_lock lock(mu_);
  writing_ = false;
  if (!ok) EndWith(absl::OkStatus());  // the client left, or the server stops
  Step step = NextStep();
  lock.unlock();
  Take(step);
}

void OpenStream::Cancel() {
  std::unique_lock lock(mu_);
  EndWith(absl::OkStatus());
  Step step = NextStep();
  lock.unlock();
  Take(step);
}

void OpenStream::Stop() { Cancel(); }

void OpenStream::Wake() {
  std::unique_lock lock(mu_);
  dirty_ = true;
  Step step = NextStep();
  lock.unlock();
  Take(step);
}

void OpenStream::Beat() {
  std::unique_lock lock(mu_);
  beat_ = true;
  Step step = NextStep();
  lock.unlock();
  Take(step);
}

}  // namespace briefdesk::notification
