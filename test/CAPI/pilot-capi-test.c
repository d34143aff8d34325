/*===- pilot-capi-test.c - pilot from C -----------------------------------===*\
|*                                                                            *|
|* A C program using pilot's C API: compiles a sattn module (argv[1]) with   *|
|* pilotCompile and the --pilot-compile options argv[2], prints the kernel,  *|
|* simulates it with pilotSimulate and prints the stats JSON; a bad mode     *|
|* must come back through the error callback. Errors go to stderr, exit 1.   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "pilot-c/Pilot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing string that callbacks append to. */
typedef struct {
  char *data;
  size_t size;
} Buffer;

static void append(MlirStringRef piece, void *userData) {
  Buffer *buffer = (Buffer *)userData;
  buffer->data = realloc(buffer->data, buffer->size + piece.length + 1);
  memcpy(buffer->data + buffer->size, piece.data, piece.length);
  buffer->size += piece.length;
  buffer->data[buffer->size] = '\0';
}

static void printError(MlirStringRef message, void *userData) {
  (void)userData;
  fprintf(stderr, "error: %.*s\n", (int)message.length, message.data);
}

/* mlirStringRefCreate is inline in mlir-c/Support.h; the C-string helper
 * lives in MLIR's C API library. */
static MlirStringRef text(const char *string) {
  return mlirStringRefCreate(string, strlen(string));
}

static char *readFile(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file)
    return NULL;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *text = malloc(size + 1);
  size_t read = fread(text, 1, size, file);
  text[read] = '\0';
  fclose(file);
  return text;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: pilot-capi-test MODULE.mlir OPTIONS\n");
    return 2;
  }
  char *source = readFile(argv[1]);
  if (!source) {
    fprintf(stderr, "error: cannot read %s\n", argv[1]);
    return 1;
  }
  Buffer kernel = {NULL, 0};
  if (mlirLogicalResultIsFailure(pilotCompile(text(source), text(argv[2]),
                                              append, printError, &kernel)))
    return 1;
  printf("%s", kernel.data);

  Buffer stats = {NULL, 0};
  if (mlirLogicalResultIsFailure(
          pilotSimulate(mlirStringRefCreate(kernel.data, kernel.size),
                        text("fast"), text(""), append, printError, &stats)))
    return 1;
  printf("stats %s\n", stats.data);

  if (mlirLogicalResultIsSuccess(
          pilotSimulate(mlirStringRefCreate(kernel.data, kernel.size),
                        text("slow"), text(""), append, printError, &stats)))
    return 1;

  free(kernel.data);
  free(stats.data);
  free(source);
  return 0;
}
