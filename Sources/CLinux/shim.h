// Linux system calls the HTTP server needs that Swift's Glibc module does not expose.
#include <sys/epoll.h>
#include <sys/eventfd.h>

struct sockaddr;
// Declared by <sys/socket.h> only under _GNU_SOURCE, which would clash with Swift's Glibc module.
extern int accept4(int fd, struct sockaddr *address, unsigned int *length, int flags);
