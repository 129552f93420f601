/*
 * rooms.c — POST /api/rooms over a plain blocking socket, one request
 * per connection (room creation is setup, not measured).
 */
#define _GNU_SOURCE
#include "rooms.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int http_post(int port, const char *auth, const char *body, char *resp,
		     size_t cap)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	char req[1024];
	size_t got = 0;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int n = snprintf(req, sizeof req,
			 "POST /api/rooms HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
			 "Authorization: Bearer %s\r\n"
			 "Content-Type: application/json\r\n"
			 "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
			 port, auth, strlen(body), body);

	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) ||
	    write(fd, req, (size_t)n) != n) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (ssize_t r;
	     got + 1 < cap && (r = read(fd, resp + got, cap - got - 1)) > 0;) {
		got += (size_t)r;
		resp[got] = '\0';
		/* lws keeps the connection open: stop at the body's end */
		char *b = strstr(resp, "\r\n\r\n");
		if (b && strchr(b, '}'))
			break;
	}
	resp[got] = '\0';
	close(fd);
	return 0;
}

/* Copies the token after '#' of the link named key. */
static int token_of(const char *json, const char *key, char *out)
{
	const char *p = strstr(json, key);
	size_t n;

	if (!p || !(p = strchr(p, '#')))
		return -1;
	n = strcspn(p + 1, "\"");
	if (n == 0 || n >= TOKEN_MAX)
		return -1;
	memcpy(out, p + 1, n);
	out[n] = '\0';
	return 0;
}

int rooms_create(int port, const char *org_token, const char *template_id,
		 struct room_info *out, int n)
{
	char body[128], resp[4096];

	snprintf(body, sizeof body, "{\"template\":\"%s\"}", template_id);
	for (int i = 0; i < n; i++) {
		if (http_post(port, org_token, body, resp, sizeof resp) ||
		    !strstr(resp, " 201") ||
		    token_of(resp, "\"facilitator_link\"", out[i].ftoken) ||
		    token_of(resp, "\"participant_link\"", out[i].ptoken)) {
			fprintf(stderr, "bench: room %d not created: %.200s\n",
				i, resp);
			return -1;
		}
	}
	return 0;
}
