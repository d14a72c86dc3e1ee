// The page an invitation e-mail's link opens (GET /invitations/{token}),
// until the web app exists, and what its button answers. Server-rendered
// from templates/invitation.mustache like the published pages, every value
// escaped, no script. Pure: no I/O.
#ifndef BRIEFDESK_SERVICES_GATEWAY_INVITATION_PAGES_H_
#define BRIEFDESK_SERVICES_GATEWAY_INVITATION_PAGES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "briefdesk/directory/v1/directory.pb.h"

namespace briefdesk::gateway {

// What the page says and its button ("Get my API key"), a form that
// POSTs to `action` (the page's own path, percent-encoded).
std::string InvitationOfferPage(std::string_view action);

// The account's first API key, shown once, with how to use it at
// `api_url` ("https://briefdesk.example.org/v1").
std::string InvitationKeyPage(
    const directory::v1::AcceptInvitationResponse& accepted,
    std::string_view api_url);

// Every other answer of the invitation routes, as a page: 404 (the link
// was used, replaced or expired), 403 (a form posted from another site),
// 400 (a malformed link), 503, and anything else a fault quoting
// `request_id`.
std::string InvitationProblemPage(int status, std::string_view request_id);

// The headers of every answer of the invitation routes: the URL holds a
// secret and the answer may hold a key, so nothing keeps it (no-store),
// no request from it names it (no-referrer), and the page can load, run
// and frame nothing (Content-Security-Policy).
const std::vector<std::pair<std::string, std::string>>& InvitationHeaders();

// Whether a POST to an invitation page came from a page of this
// BriefDesk, not from a form on another site. With Fetch Metadata
// (`Sec-Fetch-Site`, sent by every current browser whatever the referrer
// policy) it must say same-origin or none (typed by the user). Without it,
// `Origin` when present must name `host` (the request's Host) or the
// origin of `public_url` (BRIEFDESK_PUBLIC_URL); "null" is refused, as any
// page can make its forms send it. A request with neither header is no
// browser's cross-site form (API clients, curl) and passes.
bool FromOwnPage(std::string_view sec_fetch_site, std::string_view origin,
                 std::string_view host, std::string_view public_url);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_INVITATION_PAGES_H_
