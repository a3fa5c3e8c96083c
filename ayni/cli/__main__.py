from ayni.cli import main

main()
