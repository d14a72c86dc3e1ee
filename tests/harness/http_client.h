// A small blocking HTTP/1.1 client for tests, on Boost.Beast.
#ifndef BRIEFDESK_TESTS_HARNESS_HTTP_CLIENT_H_
#define BRIEFDESK_TESTS_HARNESS_HTTP_CLIENT_H_

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

namespace briefdesk::testing {

struct HttpResponse {
  int status = 0;  // 0: no answer (connection refused or reset)
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case
  std::vector<std::string> set_cookies;        // every Set-Cookie, in order

  boost::json::value Json() const;
  std::string Header(const std::string& lower_name) const;
  // error.code and error.details[i].field of an API error body.
  std::string ErrorCode() const;
  std::string ErrorField(size_t i = 0) const;
};

class HttpClient {
 public:
  explicit HttpClient(int port) : port_(port) {}
  // One request on a fresh connection.
  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = "",
                    const std::map<std::string, std::string>& headers = {});
  // With "Authorization: Bearer key" (when key is non-empty) and a JSON body.
  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& key, const std::string& body = "",
                    std::map<std::string, std::string> headers = {});

 private:
  int port_;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_HTTP_CLIENT_H_
