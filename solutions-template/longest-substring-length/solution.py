import sys


def main():
    s = sys.stdin.readline().strip()
    # TODO: compute the length of the longest substring of s without
    # repeating characters.
    answer = 0
    print(answer)


main()
