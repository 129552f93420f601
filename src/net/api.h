/*
 * api.h — what the HTTP API's files (api.c, api_sessions.c) share.
 */
#ifndef NET_API_H
#define NET_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/token.h"
#include "core/cmd.h"

struct hub;
struct lws;
struct api_request;

typedef int (*api_handler)(struct hub *hub, struct lws *wsi,
			   const struct api_request *req);

/* One API call in flight: its route's handler, the ids in its path, the
 * caller's organization and the body received so far (grown up to
 * [limits] api_body_max; freed at completion or close). */
struct api_request {
	struct lws *wsi;
	api_handler handler;
	uint32_t org;		     /* the organizer's organization */
	char id[TOKEN_ROOM_MAX + 1]; /* a room id segment, if any */
	uint32_t n[2];		     /* numeric segments, in order */
	char *body;		     /* NUL-terminated, NULL when none */
	size_t len, cap;
	bool too_big;
	struct api_request *next;
};

/* Send json (taken; NULL → 500) / an error body; return what the lws
 * callback must return. */
int api_respond_json(struct lws *wsi, unsigned status, char *json);
int api_respond_error(struct lws *wsi, unsigned status, enum core_err err,
		      const char *field, const char *message);

/* api_sessions.c */
int api_sessions_list(struct hub *, struct lws *, const struct api_request *);
int api_session_create(struct hub *, struct lws *, const struct api_request *);
int api_session_get(struct hub *, struct lws *, const struct api_request *);
int api_session_delete(struct hub *, struct lws *, const struct api_request *);
int api_session_groups(struct hub *, struct lws *, const struct api_request *);
int api_session_plan(struct hub *, struct lws *, const struct api_request *);
int api_session_start(struct hub *, struct lws *, const struct api_request *);
int api_session_links(struct hub *, struct lws *, const struct api_request *);
int api_person_link(struct hub *, struct lws *, const struct api_request *);
int api_person_move(struct hub *, struct lws *, const struct api_request *);
int api_group_next(struct hub *, struct lws *, const struct api_request *);
int api_session_meeting(struct hub *, struct lws *, const struct api_request *);
int api_session_broadcast(struct hub *, struct lws *,
			  const struct api_request *);
int api_session_plenary(struct hub *, struct lws *, const struct api_request *);
int api_help_resolve(struct hub *, struct lws *, const struct api_request *);

#endif
