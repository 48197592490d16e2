#include <argon2.h>
// getrandom(2) is not part of Swift's Glibc module; SecureRandom needs it, and this private
// C module is the one Security already has, so its declaration rides along here.
#include <sys/random.h>
