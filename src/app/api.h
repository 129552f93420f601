/*
 * api.h — what the HTTP API's files (api.c, api_sessions.c) share.
 *
 * A handler gets the routed call (the caller's organization, the ids in
 * the path, the body) and fills the response; it returns the status it
 * answered. It never sees the socket: net/httpapi.c reads the request and
 * writes the response.
 */
#ifndef APP_API_H
#define APP_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/hub.h"
#include "auth/token.h"
#include "core/cmd.h"

struct api_call {
	uint32_t org;		     /* the organizer's organization */
	char id[TOKEN_ROOM_MAX + 1]; /* a room id segment, if any */
	uint32_t n[2];		     /* numeric segments, in order */
	const char *body;	     /* NUL-terminated, NULL when none */
	size_t len;
};

typedef int (*api_handler)(struct hub *hub, struct hub_api_response *res,
			   const struct api_call *req);

/* A JSON answer (json taken; NULL → 500), an error body, or no body.
 * Each returns the status it set. */
int api_json(struct hub_api_response *res, unsigned status, char *json);
int api_error(struct hub_api_response *res, unsigned status, enum core_err err,
	      const char *field, const char *message);
int api_empty(struct hub_api_response *res, unsigned status);

/* api_sessions.c: the handlers of /api/sessions (proto/sessions.md) */
int api_sessions_list(struct hub *, struct hub_api_response *,
		      const struct api_call *);
int api_session_create(struct hub *, struct hub_api_response *,
		       const struct api_call *);
int api_session_get(struct hub *, struct hub_api_response *,
		    const struct api_call *);
int api_session_delete(struct hub *, struct hub_api_response *,
		       const struct api_call *);
int api_session_groups(struct hub *, struct hub_api_response *,
		       const struct api_call *);
int api_session_plan(struct hub *, struct hub_api_response *,
		     const struct api_call *);
int api_session_start(struct hub *, struct hub_api_response *,
		      const struct api_call *);
int api_session_links(struct hub *, struct hub_api_response *,
		      const struct api_call *);
int api_person_link(struct hub *, struct hub_api_response *,
		    const struct api_call *);
int api_person_move(struct hub *, struct hub_api_response *,
		    const struct api_call *);
int api_group_next(struct hub *, struct hub_api_response *,
		   const struct api_call *);
int api_session_meeting(struct hub *, struct hub_api_response *,
			const struct api_call *);
int api_session_broadcast(struct hub *, struct hub_api_response *,
			  const struct api_call *);
int api_session_plenary(struct hub *, struct hub_api_response *,
			const struct api_call *);
int api_help_resolve(struct hub *, struct hub_api_response *,
		     const struct api_call *);

#endif
