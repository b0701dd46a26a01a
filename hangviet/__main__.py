from hangviet.cli import main

main()
