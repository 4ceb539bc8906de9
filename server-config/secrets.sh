# Sourced by the scripts that make logins. Passwords never travel on a command line (ps shows every
# argument to every user) and none has a default: each is given in the environment or generated.

# secret_file FILE: prints the secret kept in FILE, first generating it (24 random bytes, mode 0600)
# when FILE does not exist yet, and then showing it once if stderr is a terminal (a log file only
# gets the file's name: logs are read by more people than the secret is meant for).
secret_file() {
  local file=$1
  if [ ! -s "$file" ]; then
    mkdir -p "$(dirname "$file")"
    rm -f "$file.new"
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$file.new")
    mv "$file.new" "$file"
    if [ -t 2 ]; then
      echo "generated a password into $file (mode 0600), shown this once: $(cat "$file")" >&2
    else
      echo "generated a password into $file (mode 0600)" >&2
    fi
  fi
  cat "$file"
}

# wildfly_app_user CONFIG_DIR USER GROUP, the password on stdin: the user in WildFly's application
# realm, written as add-user.sh writes it (HEX(MD5(user:ApplicationRealm:password))) but without the
# password on add-user.sh's command line. Replaces an earlier line of the same user.
wildfly_app_user() {
  local dir=$1 user=$2 group=$3 password hash
  [[ "$user" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "a JMS user name is letters, digits, '.', '_' or '-': '$user'" >&2; return 2; }
  IFS= read -r password || true
  [ -n "$password" ] || { echo "no password for the JMS user $user" >&2; return 2; }
  hash=$(printf '%s:ApplicationRealm:%s' "$user" "$password" | md5sum | cut -d' ' -f1)
  property "$dir/application-users.properties" "$user" "$hash"
  property "$dir/application-roles.properties" "$user" "$group"
}

# property FILE KEY VALUE: KEY=VALUE replacing any KEY= line, the file's mode kept. The folder may
# belong to the server's user: the temporary file is made anew, never written through a link.
property() {
  local file=$1 key=$2 value=$3
  [ -f "$file" ] || (umask 077; : > "$file")
  rm -f "$file.new"
  { grep -v "^$key=" "$file" || true; echo "$key=$value"; } > "$file.new"
  chmod --reference="$file" "$file.new"
  mv "$file.new" "$file"
}
